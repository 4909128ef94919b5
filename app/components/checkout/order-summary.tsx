import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import { formatFen } from "~/utils/money";
import { ScrollBox } from "~/components/scroll-box";

export interface OrderItemView {
  id: number;
  nameZh: string;
  nameEn: string;
  labelZh: string;
  labelEn: string;
  quantity: number;
  unitPriceFen: number;
  lineTotalFen: number;
}

/** The order's lines as they were bought (names and prices are the order's snapshot): product and size, never the SKU, which is for staff. */
export function OrderItemsTable({ items, locale }: { items: OrderItemView[]; locale: Locale }) {
  const { t } = useTranslation("orders");
  return (
    <ScrollBox>
      <table className="table order-items">
        <thead>
          <tr>
            <th scope="col">{t("items.product")}</th>
            <th scope="col">{t("items.quantity")}</th>
            <th scope="col">{t("items.price")}</th>
            <th scope="col">{t("items.total")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>
                {locale === "zh" ? item.nameZh : item.nameEn}
                <br />
                <span className="muted">{locale === "zh" ? item.labelZh : item.labelEn}</span>
              </td>
              <td>{item.quantity}</td>
              <td>{formatFen(item.unitPriceFen)}</td>
              <td>{formatFen(item.lineTotalFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function OrderTotals({ order }: { order: { subtotalFen: number; shippingFen: number; totalFen: number; refundedFen: number } }) {
  const { t } = useTranslation("orders");
  return (
    <dl className="order-totals">
      <div>
        <dt>{t("totals.subtotal")}</dt>
        <dd>{formatFen(order.subtotalFen)}</dd>
      </div>
      <div>
        <dt>{t("totals.shipping")}</dt>
        {/* Checkout said 包邮 / "Free shipping"; the order says the same, not ¥0.00. */}
        <dd data-testid="order-shipping">{order.shippingFen === 0 ? t("lookup.freeShipping") : formatFen(order.shippingFen)}</dd>
      </div>
      <div>
        <dt>{t("totals.total")}</dt>
        <dd className="price" data-testid="order-total">{formatFen(order.totalFen)}</dd>
      </div>
      {order.refundedFen > 0 ? (
        <div>
          <dt>{t("totals.refunded")}</dt>
          <dd>{formatFen(order.refundedFen)}</dd>
        </div>
      ) : null}
    </dl>
  );
}
