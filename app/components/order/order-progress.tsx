import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import { formatChinaTime } from "~/components/order/format";
import type { OrderProgressView } from "~/types/order-tracking";

export type { OrderProgressView };

/** Placed → paid → shipped → delivered (or cancelled), each step with its time once reached. */
export function OrderProgress({ progress, locale }: { progress: OrderProgressView; locale: Locale }) {
  const { t } = useTranslation("orders");
  const steps = progress.cancelledAt
    ? [
        { key: "placed", at: progress.placedAt },
        ...(progress.paidAt ? [{ key: "paid", at: progress.paidAt }] : []),
        { key: "cancelled", at: progress.cancelledAt },
      ]
    : [
        { key: "placed", at: progress.placedAt },
        { key: "paid", at: progress.paidAt },
        { key: "shipped", at: progress.shippedAt },
        { key: "delivered", at: progress.deliveredAt },
      ];
  const current = steps.reduce((last, step, index) => (step.at ? index : last), 0);
  return (
    <ol className="order-progress" aria-label={t("tracking.progress.label")} data-testid="order-progress">
      {steps.map((step, index) => (
        <li
          key={step.key}
          className={`order-progress__step${step.at ? " is-done" : ""}${step.key === "cancelled" ? " is-cancelled" : ""}`}
          aria-current={index === current ? "step" : undefined}
        >
          <span className="order-progress__label">{t(`tracking.progress.${step.key}`)}</span>
          {step.at ? <time dateTime={step.at}>{formatChinaTime(step.at, locale)}</time> : null}
        </li>
      ))}
    </ol>
  );
}
