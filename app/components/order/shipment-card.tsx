import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import type { ShipmentStatus } from "~db/schema";
import type { ShipmentScanView, ShipmentView } from "~/types/order-tracking";
import { formatChinaTime } from "~/components/order/format";

export type { ShipmentScanView, ShipmentView };

const STATUS_TONE: Record<ShipmentStatus, string> = {
  label_created: "badge--muted",
  in_transit: "",
  out_for_delivery: "",
  delivered: "",
  exception: "badge--danger",
  returned: "badge--warn",
};

/** One parcel: carrier, tracking number, what is in it, and its scans as a timeline. */
export function ShipmentCard({ shipment, n, locale }: { shipment: ShipmentView; n: number; locale: Locale }) {
  const { t } = useTranslation("orders");
  const historyId = `shipment-${shipment.id}-history`;
  return (
    <section className="card shipment-card" aria-labelledby={`shipment-${shipment.id}-title`} data-testid="shipment">
      <header className="shipment-card__header">
        <h3 id={`shipment-${shipment.id}-title`}>{t("tracking.shipments.parcel", { n })}</h3>
        <span className={`badge ${STATUS_TONE[shipment.status]}`.trim()} data-testid="shipment-status">
          {t(`tracking.shipmentStatus.${shipment.status}`)}
        </span>
      </header>
      <dl className="shipment-card__facts">
        <div>
          <dt>{t("tracking.shipments.carrier")}</dt>
          <dd>{shipment.carrierName}</dd>
        </div>
        <div>
          <dt>{t("tracking.shipments.trackingNumber")}</dt>
          <dd className="shipment-card__waybill" data-testid="tracking-number">{shipment.trackingNumber}</dd>
        </div>
      </dl>
      <details className="shipment-card__contents">
        <summary>{t("tracking.shipments.contents")}</summary>
        <ul>
          {shipment.items.map((item) => (
            <li key={item.id}>
              {locale === "zh" ? item.nameZh : item.nameEn} · {locale === "zh" ? item.labelZh : item.labelEn} × {item.quantity}
            </li>
          ))}
        </ul>
      </details>
      <h4 id={historyId} className="visually-hidden">{t("tracking.shipments.history", { n })}</h4>
      {shipment.scans.length === 0 ? (
        <p className="muted">{t("tracking.shipments.noScans")}</p>
      ) : (
        <ol className="scan-timeline" aria-labelledby={historyId} data-testid="scan-timeline">
          {shipment.scans.map((scan, index) => (
            <li key={scan.id} className={`scan-timeline__item scan-timeline__item--${scan.status}${index === 0 ? " is-latest" : ""}`} data-testid="scan">
              <time dateTime={scan.occurredAt}>{formatChinaTime(scan.occurredAt, locale)}</time>
              <p className="scan-timeline__text">{scan.description}</p>
              {scan.location || scan.byStaff ? (
                <p className="scan-timeline__meta muted">
                  {[scan.location, scan.byStaff ? t("tracking.shipments.byStaff") : null].filter(Boolean).join(" · ")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
