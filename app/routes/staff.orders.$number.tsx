import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReasonAndConfirm, FieldError, errorProps, type FieldErrors } from "~/components/staff/form-bits";
import { chinaDateTimeInputValue, formatDateTime } from "~/components/staff/format";
import { orderActionSchema, orderNumberParam, parseShipmentLines, type OrderIntent } from "~/schemas/staff-order";
import { OrderStatusBadge, PaymentStatusBadge, ShipmentStatusBadge } from "~/components/staff/status-badge";
import { OrderTimeline } from "~/components/staff/timeline";
import { localized, type Locale } from "~/i18n";
import { ORDER_TRANSITIONS } from "~/models/order-state";
import { shipmentsForOrder } from "~/models/shipment.server";
import { findOrderIdByNumber, getStaffOrder } from "~/models/staff-order.server";
import {
  createShipment,
  FulfilmentError,
  markShipmentDelivered,
  recordManualTrackingEvent,
  SHIPPABLE_ORDER_STATUSES,
  startFulfilment,
} from "~/services/fulfilment.server";
import { CancellationError, cancelOrder, refundableOnOrder, refundOrder } from "~/services/order-cancellation.server";
import { RefundError } from "~/services/refunds.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/utils/auth.server";
import { CARRIERS, carrierName } from "~/utils/carriers";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

const NOTICES = ["started", "shipped", "event", "delivered", "cancelled", "cancelledRefundFailed", "refunded"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const number = orderNumberParam(params.number);
  const found = number ? await getStaffOrder(db(), { number }) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  const [shipments, refundable] = await Promise.all([
    shipmentsForOrder(db(), { orderId: found.order.id }),
    refundableOnOrder(db(), found.order.id),
  ]);
  const { order, items } = found;
  const remaining = items.reduce((sum, item) => sum + item.quantity - item.quantity_shipped, 0);
  const canShip =
    SHIPPABLE_ORDER_STATUSES.includes(order.status) &&
    (order.payment_status === "paid" || order.payment_status === "partially_refunded") &&
    remaining > 0;
  // The services decide again under lock; these only choose which forms to show.
  const canCancel = ORDER_TRANSITIONS[order.status].includes("cancelled") && items.every((item) => item.quantity_shipped === 0) && shipments.length === 0;
  const noticeParam = new URL(request.url).searchParams.get("done");
  const notice = NOTICES.find((candidate) => candidate === noticeParam) ?? null;
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    {
      ...found,
      shipments,
      refundable,
      canShip,
      canCancel,
      notice,
      // One key per rendered refund form: submitting the same form twice refunds once.
      refundKey: `staff-refund:${found.order.id}:${crypto.randomUUID()}`,
      now: chinaDateTimeInputValue(new Date()),
      title: t("order.title", { number: found.order.number }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Order" }];

type ActionResult = { intent: OrderIntent | "unknown"; fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> };

function refused(result: Omit<ActionResult, "fieldErrors" | "values"> & Partial<ActionResult>, status = 400) {
  return json<ActionResult>({ fieldErrors: {}, values: {}, ...result }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const number = orderNumberParam(params.number);
  const orderId = number ? await findOrderIdByNumber(db(), { number }) : null;
  if (!number || orderId === null) throw new Response("Not found", { status: 404 });
  const actor = { kind: "staff" as const, userId: user.id };
  const form = await readForm(request);
  const values = Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const parsed = orderActionSchema.safeParse(values);
  if (!parsed.success) {
    const intent = typeof values.intent === "string" && ["start", "ship", "event", "deliver", "cancel", "refund"].includes(values.intent) ? (values.intent as OrderIntent) : "unknown";
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "form");
      fieldErrors[key] ??= issue.message;
    }
    return refused({ intent, fieldErrors, formError: intent === "unknown" ? "errors.unknownIntent" : "errors.checkFields", values });
  }
  const back = (done: (typeof NOTICES)[number]) => redirect(`/staff/orders/${encodeURIComponent(number)}?done=${done}`);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "start":
        await startFulfilment(db(), { orderId, actor });
        return back("started");
      case "ship": {
        const lines = parseShipmentLines(values);
        if (lines.errors.length > 0) {
          return refused({ intent: "ship", fieldErrors: Object.fromEntries(lines.errors.map((key) => [key, "errors.quantity"])), formError: "errors.checkFields", values });
        }
        await createShipment(db(), { orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: lines.lines, actor });
        return back("shipped");
      }
      case "event":
        await assertShipmentOfOrder(input.shipmentId, orderId);
        await recordManualTrackingEvent(db(), {
          shipmentId: input.shipmentId,
          scan: { occurredAt: input.occurredAt, status: input.status, description: input.description, location: input.location ?? null },
          actor,
        });
        return back("event");
      case "deliver":
        await assertShipmentOfOrder(input.shipmentId, orderId);
        await markShipmentDelivered(db(), { shipmentId: input.shipmentId, note: input.note, actor });
        return back("delivered");
      case "cancel": {
        const result = await cancelOrder(db(), { orderId, reason: input.reason, actor });
        return back(result.refundError ? "cancelledRefundFailed" : "cancelled");
      }
      case "refund":
        await refundOrder(db(), { orderId, amountFen: input.amount, reason: input.reason, actor, idempotencyKey: input.idempotencyKey });
        return back("refunded");
    }
  } catch (error) {
    if (error instanceof FulfilmentError || error instanceof CancellationError || error instanceof RefundError) {
      const field = input.intent === "ship" && (error.code === "invalid_tracking" || error.code === "duplicate_tracking") ? "trackingNumber" : null;
      return refused({
        intent: input.intent,
        fieldErrors: field ? { [field]: `errors.${error.code}` } : {},
        formError: `errors.${error.code}`,
        values,
      });
    }
    throw error;
  }
}

async function assertShipmentOfOrder(shipmentId: number, orderId: number) {
  const shipments = await shipmentsForOrder(db(), { orderId });
  if (!shipments.some((shipment) => shipment.id === shipmentId)) throw new FulfilmentError("shipment_not_found");
}

export default function StaffOrder() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const { order, items, payments, refunds, events, shipments } = data;
  const errorsFor = (intent: OrderIntent) => (actionData?.intent === intent ? actionData.fieldErrors : {});
  const valuesFor = (intent: OrderIntent) => (actionData?.intent === intent ? actionData.values : {});
  const formErrorFor = (intent: OrderIntent) =>
    actionData?.intent === intent && actionData.formError ? (
      <p className="notice notice--error" role="alert">{t(actionData.formError)}</p>
    ) : null;

  const shippable = data.canShip;
  const cancellable = data.canCancel;
  const shipValues = valuesFor("ship");
  const shipErrors = errorsFor("ship");

  return (
    <article className="staff-page staff-order" aria-labelledby="order-title">
      <nav className="breadcrumbs" aria-label={t("breadcrumbs")}>
        <ol>
          <li><Link to="/staff">{t("nav.dashboard")}</Link></li>
          <li><Link to="/staff/orders">{t("nav.orders")}</Link></li>
          <li aria-current="page">{order.number}</li>
        </ol>
      </nav>
      <header className="staff-order__head">
        <h1 id="order-title">{t("order.title", { number: order.number })}</h1>
        <p className="staff-badges">
          <OrderStatusBadge status={order.status} /> <PaymentStatusBadge status={order.payment_status} />
        </p>
        <p className="muted">
          {t("order.placed", { when: formatDateTime(order.placed_at, locale) })}
          {order.paid_at ? ` · ${t("order.paidAt", { when: formatDateTime(order.paid_at, locale) })}` : ""}
          {order.cancelled_at ? ` · ${t("order.cancelledAt", { when: formatDateTime(order.cancelled_at, locale) })}` : ""}
        </p>
        <div className="staff-actions no-print">
          {order.status === "paid" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <SubmitButton>{t("order.startPacking")}</SubmitButton>
            </Form>
          ) : null}
          <Link to={`/staff/orders/${encodeURIComponent(order.number)}/slip`} className="button button--ghost">{t("order.packingSlip")}</Link>
        </div>
      </header>

      {data.notice ? (
        <p className={data.notice === "cancelledRefundFailed" ? "notice notice--warn" : "notice"} role="status">{t(`order.notices.${data.notice}`)}</p>
      ) : null}
      {order.flagged_reason ? (
        <p className="notice notice--error" data-testid="flagged">
          <strong>{t("order.flagged")}</strong> {t(`flagReasons.${order.flagged_reason}`, { defaultValue: order.flagged_reason })}
        </p>
      ) : null}
      {formErrorFor("start")}

      <div className="staff-order__grid">
        <section className="card" aria-labelledby="customer-title">
          <h2 id="customer-title">{t("order.customer")}</h2>
          <p>
            {order.contact_name}
            <br />
            <a href={`mailto:${order.email}`}>{order.email}</a> · <a href={`tel:${order.phone}`}>{order.phone}</a>
          </p>
          <h3>{t("order.shipTo")}</h3>
          <address>
            {order.ship_province} {order.ship_city} {order.ship_district}
            <br />
            {order.ship_street}
            {order.ship_postcode ? ` (${order.ship_postcode})` : ""}
          </address>
          <p className="muted">{t(`shippingMethod.${order.shipping_method}`)}</p>
        </section>

        <section className="card" aria-labelledby="payment-title">
          <h2 id="payment-title">{t("order.payment")}</h2>
          <dl className="staff-dl">
            <dt>{t("order.subtotal")}</dt><dd>{formatFen(order.subtotal_fen)}</dd>
            <dt>{t("order.shipping")}</dt><dd>{formatFen(order.shipping_fen)}</dd>
            <dt>{t("order.total")}</dt><dd><strong>{formatFen(order.total_fen)}</strong></dd>
            <dt>{t("order.refunded")}</dt><dd data-testid="refunded">{formatFen(order.refunded_fen)}</dd>
            <dt>{t("order.refundable")}</dt><dd>{formatFen(data.refundable)}</dd>
          </dl>
          {payments.length > 0 ? (
            <table className="table staff-table staff-table--compact">
              <caption>{t("order.payments")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("order.attempt")}</th>
                  <th scope="col">{t("order.provider")}</th>
                  <th scope="col">{t("order.paymentState")}</th>
                  <th scope="col" className="num">{t("order.captured")}</th>
                  <th scope="col" className="num">{t("order.refunded")}</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((payment) => (
                  <tr key={payment.id}>
                    <td>#{payment.attempt}</td>
                    <td>{payment.provider}</td>
                    <td>{t(`paymentAttempt.${payment.status}`)}</td>
                    <td className="num">{formatFen(payment.captured_fen)}</td>
                    <td className="num">{formatFen(payment.refunded_fen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {refunds.length > 0 ? (
            <table className="table staff-table staff-table--compact" data-testid="refunds">
              <caption>{t("order.refunds")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("order.when")}</th>
                  <th scope="col" className="num">{t("order.amount")}</th>
                  <th scope="col">{t("order.reason")}</th>
                  <th scope="col">{t("order.refundState")}</th>
                  <th scope="col">{t("order.by")}</th>
                </tr>
              </thead>
              <tbody>
                {refunds.map((refund) => (
                  <tr key={refund.id}>
                    <td>{formatDateTime(refund.created_at, locale)}</td>
                    <td className="num">{formatFen(refund.amount_fen)}</td>
                    <td>{refund.reason}</td>
                    <td>{t(`refundState.${refund.status}`)}</td>
                    <td>{refund.actor_name || refund.actor_email || t("actors.system")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {data.refundable > 0 ? (
            <details className="staff-disclosure no-print" open={actionData?.intent === "refund"}>
              <summary>{t("order.refundTitle")}</summary>
              <Form method="post" className="staff-form">
                <input type="hidden" name="intent" value="refund" />
                <input type="hidden" name="idempotencyKey" value={valuesFor("refund").idempotencyKey ?? data.refundKey} />
                {formErrorFor("refund")}
                <div className="field">
                  <label htmlFor="refund-amount">{t("order.refundAmount")}</label>
                  <input
                    id="refund-amount"
                    name="amount"
                    inputMode="decimal"
                    required
                    defaultValue={valuesFor("refund").amount ?? ""}
                    placeholder={(data.refundable / 100).toFixed(2)}
                    {...errorProps("refund-amount", errorsFor("refund").amount)}
                  />
                  <p className="field__hint">{t("order.refundHint", { max: formatFen(data.refundable) })}</p>
                  <FieldError id="refund-amount" error={errorsFor("refund").amount} />
                </div>
                <ReasonAndConfirm
                  idPrefix="refund"
                  reasonLabel={t("order.refundReason")}
                  confirmLabel={t("order.refundConfirm")}
                  errors={errorsFor("refund")}
                  defaultReason={valuesFor("refund").reason}
                />
                <SubmitButton className="button--danger">{t("order.refundSubmit")}</SubmitButton>
              </Form>
            </details>
          ) : null}
        </section>
      </div>

      <section aria-labelledby="items-title">
        <h2 id="items-title">{t("order.items")}</h2>
        <div className="table-scroll">
          <table className="table staff-table" data-testid="items">
            <thead>
              <tr>
                <th scope="col">{t("order.product")}</th>
                <th scope="col">{t("order.sku")}</th>
                <th scope="col">{t("order.cooperative")}</th>
                <th scope="col">{t("order.batch")}</th>
                <th scope="col" className="num">{t("order.unitPrice")}</th>
                <th scope="col" className="num">{t("order.quantity")}</th>
                <th scope="col" className="num">{t("order.shipped")}</th>
                <th scope="col" className="num">{t("order.lineTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {localized(item, "product_name", locale)}
                    <br />
                    <span className="muted staff-small">{localized(item, "variant_label", locale)} · {t(`temperature.${item.temperature_class}`)}</span>
                  </td>
                  <td><code>{item.sku}</code></td>
                  <td>{localized(item, "cooperative_name", locale)}</td>
                  <td>{item.batch_code ? <><code>{item.batch_code}</code><br /><span className="muted staff-small">{t("order.bestBefore", { date: item.batch_best_before })}</span></> : <span className="muted">{t("order.batchOnShipping")}</span>}</td>
                  <td className="num">{formatFen(item.unit_price_fen)}</td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">{item.quantity_shipped}</td>
                  <td className="num">{formatFen(item.line_total_fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="shipments-title">
        <h2 id="shipments-title">{t("order.shipments")}</h2>
        {shipments.length === 0 ? <p className="muted">{t("order.noShipments")}</p> : null}
        {shipments.map((shipment) => {
          const eventErrors = actionData?.intent === "event" && actionData.values.shipmentId === String(shipment.id) ? actionData.fieldErrors : {};
          const eventValues = actionData?.intent === "event" && actionData.values.shipmentId === String(shipment.id) ? actionData.values : {};
          const closed = shipment.status === "delivered" || shipment.status === "returned";
          return (
            <article key={shipment.id} className="card staff-shipment" data-testid="shipment" aria-labelledby={`shipment-${shipment.id}`}>
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
                      <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at, locale)}</time>{" "}
                      <ShipmentStatusBadge status={event.status} /> {event.description}
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
                  <details open={Object.keys(eventErrors).length > 0}>
                    <summary>{t("order.addEvent")}</summary>
                    <Form method="post" className="staff-form staff-form--inline" key={`event-${shipment.events.length}`}>
                      <input type="hidden" name="intent" value="event" />
                      <input type="hidden" name="shipmentId" value={shipment.id} />
                      <div className="field">
                        <label htmlFor={`event-status-${shipment.id}`}>{t("order.eventStatus")}</label>
                        <select id={`event-status-${shipment.id}`} name="status" defaultValue={eventValues.status ?? "in_transit"}>
                          {(["in_transit", "out_for_delivery", "delivered", "exception", "returned"] as const).map((status) => (
                            <option key={status} value={status}>{t(`shipmentStatus.${status}`)}</option>
                          ))}
                        </select>
                      </div>
                      <div className="field">
                        <label htmlFor={`event-time-${shipment.id}`}>{t("order.eventTime")}</label>
                        <input id={`event-time-${shipment.id}`} type="datetime-local" name="occurredAt" required defaultValue={eventValues.occurredAt ?? data.now} max={data.now} {...errorProps(`event-time-${shipment.id}`, eventErrors.occurredAt)} />
                        <FieldError id={`event-time-${shipment.id}`} error={eventErrors.occurredAt} />
                      </div>
                      <div className="field">
                        <label htmlFor={`event-description-${shipment.id}`}>{t("order.eventDescription")}</label>
                        <input id={`event-description-${shipment.id}`} name="description" required maxLength={200} defaultValue={eventValues.description ?? ""} {...errorProps(`event-description-${shipment.id}`, eventErrors.description)} />
                        <FieldError id={`event-description-${shipment.id}`} error={eventErrors.description} />
                      </div>
                      <div className="field">
                        <label htmlFor={`event-location-${shipment.id}`}>{t("order.eventLocation")}</label>
                        <input id={`event-location-${shipment.id}`} name="location" maxLength={100} defaultValue={eventValues.location ?? ""} />
                      </div>
                      <SubmitButton>{t("order.addEventSubmit")}</SubmitButton>
                    </Form>
                  </details>
                  <Form method="post" className="staff-form staff-form--inline">
                    <input type="hidden" name="intent" value="deliver" />
                    <input type="hidden" name="shipmentId" value={shipment.id} />
                    <div className="field">
                      <label htmlFor={`deliver-note-${shipment.id}`}>{t("order.deliverNote")}</label>
                      <input id={`deliver-note-${shipment.id}`} name="note" required maxLength={200} defaultValue={t("order.deliverDefaultNote")} />
                    </div>
                    <SubmitButton className="button--ghost">{t("order.markDelivered")}</SubmitButton>
                  </Form>
                </div>
              ) : null}
            </article>
          );
        })}
        {actionData?.intent === "event" || actionData?.intent === "deliver" ? formErrorFor(actionData.intent) : null}

        {shippable ? (
          <section className="card staff-new-shipment no-print" aria-labelledby="new-shipment-title">
            <h3 id="new-shipment-title">{t("order.newShipment")}</h3>
            <p className="muted">{t("order.newShipmentHint")}</p>
            {formErrorFor("ship")}
            {/* Keyed on what has shipped, so a recorded parcel clears the form and shows what is left. */}
            <Form method="post" className="staff-form" key={`ship-${items.map((item) => item.quantity_shipped).join("-")}`}>
              <input type="hidden" name="intent" value="ship" />
              <table className="table staff-table staff-table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t("order.product")}</th>
                    <th scope="col" className="num">{t("order.remaining")}</th>
                    <th scope="col" className="num">{t("order.inThisParcel")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => {
                    const left = item.quantity - item.quantity_shipped;
                    const id = `qty-${item.id}`;
                    return (
                      <tr key={item.id}>
                        <td><label htmlFor={id}>{localized(item, "product_name", locale)} · {localized(item, "variant_label", locale)}</label></td>
                        <td className="num">{left}</td>
                        <td className="num">
                          <input id={id} name={id} type="number" min={0} max={left} step={1} inputMode="numeric" className="staff-qty" defaultValue={shipValues[id] ?? String(left)} disabled={left === 0} {...errorProps(id, shipErrors[id])} />
                          <FieldError id={id} error={shipErrors[id]} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div className="staff-form__row">
                <div className="field">
                  <label htmlFor="ship-carrier">{t("order.carrier")}</label>
                  <select id="ship-carrier" name="carrier" defaultValue={shipValues.carrier ?? "sf"} {...errorProps("ship-carrier", shipErrors.carrier)}>
                    {CARRIERS.map((carrier) => (
                      <option key={carrier.key} value={carrier.key}>{localized(carrier, "name", locale)}</option>
                    ))}
                  </select>
                  <FieldError id="ship-carrier" error={shipErrors.carrier} />
                </div>
                <div className="field">
                  <label htmlFor="ship-tracking">{t("order.trackingNumber")}</label>
                  <input id="ship-tracking" name="trackingNumber" required maxLength={40} autoComplete="off" spellCheck={false} defaultValue={shipValues.trackingNumber ?? ""} placeholder={CARRIERS[0]!.example} {...errorProps("ship-tracking", shipErrors.trackingNumber)} />
                  <p className="field__hint">{t("order.trackingHint")}</p>
                  <FieldError id="ship-tracking" error={shipErrors.trackingNumber} />
                </div>
              </div>
              <SubmitButton>{t("order.createShipment")}</SubmitButton>
            </Form>
          </section>
        ) : null}
      </section>

      {cancellable ? (
        <section className="card staff-danger no-print" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("order.cancelTitle")}</h2>
          <p>{order.payment_status === "unpaid" || order.payment_status === "failed" ? t("order.cancelUnpaid") : t("order.cancelPaid", { amount: formatFen(data.refundable) })}</p>
          {formErrorFor("cancel")}
          <Form method="post" className="staff-form">
            <input type="hidden" name="intent" value="cancel" />
            <ReasonAndConfirm idPrefix="cancel" reasonLabel={t("order.cancelReason")} confirmLabel={t("order.cancelConfirm")} errors={errorsFor("cancel")} defaultReason={valuesFor("cancel").reason} />
            <SubmitButton className="button--danger">{t("order.cancelSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("order.timeline")}</h2>
        <OrderTimeline events={events} locale={locale} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
