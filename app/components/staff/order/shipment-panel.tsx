import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, Options, SelectField, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/components/staff/format";
import { useStaffErrorText, type OrderFormState } from "~/components/staff/order/shared";
import { ShipmentStatusBadge } from "~/components/staff/status-badge";
import { localized, type Locale } from "~/i18n";
import type { Carrier, ShipmentStatus } from "~db/schema";
import { carrierName } from "~/utils/carriers";

/** One parcel of the order as the back office sees it. */
export interface StaffShipment {
  id: number;
  carrier: Carrier;
  tracking_number: string;
  status: ShipmentStatus;
  created_at: string;
  created_by_name: string | null;
  delivered_at: string | null;
  items: { order_item_id: number; quantity: number; sku: string; product_name_zh: string; product_name_en: string; variant_label_zh: string; variant_label_en: string }[];
  events: { id: number; occurred_at: string; status: ShipmentStatus; description: string; location: string | null; source: string }[];
}

const EVENT_STATUSES = ["in_transit", "out_for_delivery", "delivered", "exception", "returned"] as const;

/** A parcel: what is in it, its scans, and (until it is closed) a scan or delivery to record. */
export function ShipmentPanel({ shipment, locale, now, eventAnswer }: { shipment: StaffShipment; locale: Locale; now: string; eventAnswer: OrderFormState }) {
  const { t } = useTranslation("staff");
  const closed = shipment.status === "delivered" || shipment.status === "returned";
  return (
    <article className="card staff-shipment" data-testid="shipment" aria-labelledby={`shipment-${shipment.id}`}>
      <header className="staff-shipment__head">
        <h3 id={`shipment-${shipment.id}`}>
          {carrierName(shipment.carrier, locale)} <code data-testid="tracking-number">{shipment.tracking_number}</code>
        </h3>
        <ShipmentStatusBadge status={shipment.status} />
      </header>
      <p className="muted staff-small">
        {t("order.shipmentCreated", { when: formatDateTime(shipment.created_at, locale), who: shipment.created_by_name ?? "—" })}
        {shipment.delivered_at ? ` · ${t("order.deliveredAt", { when: formatDateTime(shipment.delivered_at, locale) })}` : ""}
      </p>
      <ul className="staff-shipment__items">
        {shipment.items.map((item) => (
          <li key={item.order_item_id}>
            {item.quantity} × {localized(item, "product_name", locale)} ({localized(item, "variant_label", locale)}) <code>{item.sku}</code>
          </li>
        ))}
      </ul>
      {shipment.events.length > 0 ? (
        <ol className="staff-scans">
          {shipment.events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, locale)}</time> <ShipmentStatusBadge status={event.status} /> {event.description}
              {event.location ? <span className="muted"> · {event.location}</span> : null}
              <span className="muted staff-small"> · {t(`scanSource.${event.source}`)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t("order.noScans")}</p>
      )}
      {!closed ? (
        <div className="staff-shipment__forms no-print">
          <ShipmentEventForm shipment={shipment} now={now} answer={eventAnswer} />
          <DeliverForm shipmentId={shipment.id} />
        </div>
      ) : null}
    </article>
  );
}

/** A scan typed in by hand (a carrier without push updates, a call from the courier). */
export function ShipmentEventForm({ shipment, now, answer }: { shipment: StaffShipment; now: string; answer: OrderFormState }) {
  const { t } = useTranslation("staff");
  const errorText = useStaffErrorText();
  const { errors, values } = answer;
  return (
    <details open={Object.keys(errors).length > 0}>
      <summary>{t("order.addEvent")}</summary>
      <Form method="post" className="staff-form staff-form--inline" key={`event-${shipment.events.length}`}>
        <input type="hidden" name="intent" value="event" />
        <input type="hidden" name="shipmentId" value={shipment.id} />
        <SelectField id={`event-status-${shipment.id}`} name="status" label={t("order.eventStatus")} defaultValue={values.status ?? "in_transit"}>
          <Options options={EVENT_STATUSES.map((status) => ({ value: status, label: t(`shipmentStatus.${status}`) }))} />
        </SelectField>
        <Field
          id={`event-time-${shipment.id}`}
          type="datetime-local"
          name="occurredAt"
          label={t("order.eventTime")}
          required
          defaultValue={values.occurredAt ?? now}
          max={now}
          error={errorText(errors.occurredAt)}
        />
        <Field
          id={`event-description-${shipment.id}`}
          name="description"
          label={t("order.eventDescription")}
          required
          maxLength={200}
          defaultValue={values.description ?? ""}
          error={errorText(errors.description)}
        />
        <Field id={`event-location-${shipment.id}`} name="location" label={t("order.eventLocation")} maxLength={100} defaultValue={values.location ?? ""} />
        <SubmitButton>{t("order.addEventSubmit")}</SubmitButton>
      </Form>
    </details>
  );
}

/** Marks a parcel delivered, with a note of how staff know. */
export function DeliverForm({ shipmentId }: { shipmentId: number }) {
  const { t } = useTranslation("staff");
  return (
    <Form method="post" className="staff-form staff-form--inline">
      <input type="hidden" name="intent" value="deliver" />
      <input type="hidden" name="shipmentId" value={shipmentId} />
      <Field id={`deliver-note-${shipmentId}`} name="note" label={t("order.deliverNote")} required maxLength={200} defaultValue={t("order.deliverDefaultNote")} />
      <SubmitButton className="button--ghost">{t("order.markDelivered")}</SubmitButton>
    </Form>
  );
}
