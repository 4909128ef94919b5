import { useTranslation } from "react-i18next";
import { bindField, RedirectNotice, type BoundForm } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import { formatFen } from "~/utils/money";

// The pieces the money pages share: amounts, status badges, form messages in the `money` namespace.

/** An amount of fen as the pages show it; `data-fen` carries the exact figure for tests and scripts. */
export function Fen({ fen, testId }: { fen: number; testId?: string }) {
  return (
    <span className="money-amount" data-fen={fen} data-testid={testId}>
      {formatFen(fen)}
    </span>
  );
}

const PAYMENT_TONE = { paid: "badge", in_payout: "badge badge--warn", unpaid: "badge badge--danger", nothing_due: "badge badge--muted" } as const;
const BATCH_TONE = { paid: "badge", approved: "badge badge--warn", prepared: "badge badge--muted" } as const;

export function PaymentBadge({ payment }: { payment: keyof typeof PAYMENT_TONE }) {
  const { t } = useTranslation("money");
  return <span className={PAYMENT_TONE[payment]} data-testid="statement-payment">{t(`payment.${payment}`)}</span>;
}

export function BatchStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("money");
  const known = status in BATCH_TONE ? (status as keyof typeof BATCH_TONE) : "prepared";
  return <span className={BATCH_TONE[known]} data-testid="batch-status">{t(`batchStatus.${known}`)}</span>;
}

/** A commission rate in basis points as a percentage ("5%", "4.25%"). */
export function formatRate(rateBp: number): string {
  return `${(rateBp / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

export function useMoneyErrorText() {
  const { t } = useTranslation("money");
  return (key: string | undefined) => (key ? String(t(`errors.${key}`, { defaultValue: t("errors.required") })) : undefined);
}

/** `bindField` with the money pages' error texts. */
export function useMoneyFields() {
  const errorText = useMoneyErrorText();
  return (form: Omit<BoundForm, "errorText">, name: string, stored?: string | number | null) => bindField({ ...form, errorText }, name, stored);
}

export function MoneyFormProblem({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useTranslation("money");
  const errorText = useMoneyErrorText();
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>{errors.form ? errorText(errors.form) : t("errors.fixBelow")}</p>
    </div>
  );
}

/** A refusal from the payout rules, said plainly. */
export function Refusal({ reason }: { reason?: string | null }) {
  const { t } = useTranslation("money");
  if (!reason) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="payout-refusal">
      {t(`refusals.${reason}`, { defaultValue: t("refusals.wrong_status") })}
    </div>
  );
}

/** The notice named by `?notice=` after a redirect. */
export function MoneyNotice() {
  return <RedirectNotice namespace="money" />;
}
