import { useTranslation } from "react-i18next";
import type { OrderStatus, ProductStatus } from "~db/schema";

const PRODUCT_TONE: Record<ProductStatus, string> = { active: "badge", draft: "badge badge--warn", archived: "badge badge--muted" };
const TRUST_TONE = { verified: "badge", pending: "badge badge--warn", expired: "badge badge--danger", rejected: "badge badge--danger" } as const;

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation("coop");
  return <span className={PRODUCT_TONE[status]} data-testid="product-status">{t(`status.product.${status}`)}</span>;
}

export function TrustBadge({ state }: { state: keyof typeof TRUST_TONE }) {
  const { t } = useTranslation("coop");
  return <span className={TRUST_TONE[state]}>{t(`status.trust.${state}`)}</span>;
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation("coop");
  const tone = status === "cancelled" ? "badge badge--muted" : status === "delivered" || status === "shipped" ? "badge" : "badge badge--warn";
  return <span className={tone}>{t(`status.order.${status}`)}</span>;
}
