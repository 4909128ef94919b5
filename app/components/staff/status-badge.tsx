import { useTranslation } from "react-i18next";
import type { OrderStatus, PaymentStatus, ReviewStatus, ShipmentStatus } from "~db/schema";

type Tone = "" | "warn" | "danger" | "muted";

const ORDER_TONES: Record<OrderStatus, Tone> = {
  pending_payment: "muted",
  paid: "warn",
  fulfilling: "warn",
  partially_shipped: "warn",
  shipped: "",
  delivered: "",
  cancelled: "muted",
};
const PAYMENT_TONES: Record<PaymentStatus, Tone> = {
  unpaid: "muted",
  paid: "",
  partially_refunded: "warn",
  refunded: "muted",
  failed: "danger",
};
const SHIPMENT_TONES: Record<ShipmentStatus, Tone> = {
  label_created: "muted",
  in_transit: "",
  out_for_delivery: "",
  delivered: "",
  exception: "danger",
  returned: "danger",
};
const REVIEW_TONES: Record<ReviewStatus, Tone> = { pending: "warn", verified: "", rejected: "danger" };

function Badge({ tone, children, testId }: { tone: Tone; children: React.ReactNode; testId?: string }) {
  return (
    <span className={tone ? `badge badge--${tone}` : "badge"} data-testid={testId}>
      {children}
    </span>
  );
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation("staff");
  return <Badge tone={ORDER_TONES[status]} testId="order-status">{t(`orderStatus.${status}`)}</Badge>;
}

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation("staff");
  return <Badge tone={PAYMENT_TONES[status]} testId="payment-status">{t(`paymentStatus.${status}`)}</Badge>;
}

export function ShipmentStatusBadge({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation("staff");
  return <Badge tone={SHIPMENT_TONES[status]} testId="shipment-status">{t(`shipmentStatus.${status}`)}</Badge>;
}

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation("staff");
  return <Badge tone={REVIEW_TONES[status]}>{t(`reviewStatus.${status}`)}</Badge>;
}
