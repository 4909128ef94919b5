import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TemperatureClass } from "~db/schema";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/components/staff/format";
import { localized, type Locale } from "~/i18n";
import type { OrderRecipient } from "~/types/address";
import { formatFen } from "~/utils/money";

/** Who ordered and where it goes. */
export function CustomerPanel({ order }: { order: OrderRecipient }) {
  const { t } = useTranslation("staff");
  return (
    <section className="card" aria-labelledby="customer-title">
      <h2 id="customer-title">{t("order.customer")}</h2>
      <p>
        {order.contact_name}
        <br />
        {order.email ? <><a href={`mailto:${order.email}`}>{order.email}</a> · </> : null}<a href={`tel:${order.phone}`}>{order.phone}</a>
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
  );
}

/** The money: totals, payment attempts, refunds so far; `children` is the refund form. */
export function PaymentPanel({
  order,
  payments,
  refunds,
  refundable,
  locale,
  children,
}: {
  order: { subtotal_fen: number; shipping_fen: number; total_fen: number; refunded_fen: number };
  payments: readonly { id: number; attempt: number; provider: string; status: string; captured_fen: number; refunded_fen: number }[];
  refunds: readonly { id: number; created_at: string; amount_fen: number; reason: string; status: string; actor_name: string | null; actor_email: string | null }[];
  refundable: number;
  locale: Locale;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation("staff");
  // A reason the shop gave itself is a code with a label; one a member of staff typed is shown as typed.
  const refundReason = (reason: string) => (/^[a-z_]+$/.test(reason) && i18n.exists(`refundReasons.${reason}`, { ns: "staff" }) ? t(`refundReasons.${reason}`) : reason);
  return (
    <section className="card" aria-labelledby="payment-title">
      <h2 id="payment-title">{t("order.payment")}</h2>
      <dl className="staff-dl">
        <dt>{t("order.subtotal")}</dt><dd>{formatFen(order.subtotal_fen)}</dd>
        <dt>{t("order.shipping")}</dt><dd>{formatFen(order.shipping_fen)}</dd>
        <dt>{t("order.total")}</dt><dd><strong>{formatFen(order.total_fen)}</strong></dd>
        <dt>{t("order.refunded")}</dt><dd data-testid="refunded">{formatFen(order.refunded_fen)}</dd>
        <dt>{t("order.refundable")}</dt><dd>{formatFen(refundable)}</dd>
      </dl>
      {payments.length > 0 ? (
        <DataTable rows={payments} rowKey={(payment) => payment.id} caption={t("order.payments")} className="table staff-table staff-table--compact" wrapClassName={null} columns={[
          { header: t("order.attempt"), cell: (payment) => `#${payment.attempt}` },
          { header: t("order.provider"), cell: (payment) => payment.provider },
          { header: t("order.paymentState"), cell: (payment) => t(`paymentAttempt.${payment.status}`) },
          { header: t("order.captured"), num: true, cell: (payment) => formatFen(payment.captured_fen) },
          { header: t("order.refunded"), num: true, cell: (payment) => formatFen(payment.refunded_fen) },
        ]} />
      ) : null}
      {refunds.length > 0 ? (
        <DataTable rows={refunds} rowKey={(refund) => refund.id} caption={t("order.refunds")} testId="refunds" className="table staff-table staff-table--compact" wrapClassName={null} columns={[
          { header: t("order.when"), cell: (refund) => formatDateTime(refund.created_at, locale) },
          { header: t("order.amount"), num: true, cell: (refund) => formatFen(refund.amount_fen) },
          { header: t("order.reason"), cell: (refund) => refundReason(refund.reason) },
          { header: t("order.refundState"), cell: (refund) => t(`refundState.${refund.status}`) },
          { header: t("order.by"), cell: (refund) => refund.actor_name || refund.actor_email || t("actors.system") },
        ]} />
      ) : null}
      {children}
    </section>
  );
}

/** The order's lines: what was bought, from whom, from which batch, and how much has shipped. */
export function OrderItemsTable({
  items,
  locale,
}: {
  items: readonly {
    id: number;
    product_name_zh: string;
    product_name_en: string;
    variant_label_zh: string;
    variant_label_en: string;
    cooperative_name_zh: string;
    cooperative_name_en: string;
    temperature_class: TemperatureClass;
    sku: string;
    batch_code: string | null;
    batch_best_before: string | null;
    unit_price_fen: number;
    quantity: number;
    quantity_shipped: number;
    line_total_fen: number;
  }[];
  locale: Locale;
}) {
  const { t } = useTranslation("staff");
  return (
    <section aria-labelledby="items-title">
      <h2 id="items-title">{t("order.items")}</h2>
      <DataTable rows={items} rowKey={(item) => item.id} testId="items" className="table staff-table" columns={[
        {
          header: t("order.product"),
          cell: (item) => (
            <>
              {localized(item, "product_name", locale)}
              <br />
              <span className="muted staff-small">{localized(item, "variant_label", locale)} · {t(`temperature.${item.temperature_class}`)}</span>
            </>
          ),
        },
        { header: t("order.sku"), cell: (item) => <code>{item.sku}</code> },
        { header: t("order.cooperative"), cell: (item) => localized(item, "cooperative_name", locale) },
        {
          header: t("order.batch"),
          cell: (item) =>
            item.batch_code ? <><code>{item.batch_code}</code><br /><span className="muted staff-small">{t("order.bestBefore", { date: item.batch_best_before })}</span></> : <span className="muted">{t("order.batchOnShipping")}</span>,
        },
        { header: t("order.unitPrice"), num: true, cell: (item) => formatFen(item.unit_price_fen) },
        { header: t("order.quantity"), num: true, cell: (item) => item.quantity },
        { header: t("order.shipped"), num: true, cell: (item) => item.quantity_shipped },
        { header: t("order.lineTotal"), num: true, cell: (item) => formatFen(item.line_total_fen) },
      ]} />
    </section>
  );
}
