import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SubmitButton } from "~/components/forms";
import { OrderFormError, ReasonAndConfirm, useStaffErrorText, type OrderFormState } from "~/components/staff/order/shared";
import { formatFen } from "~/utils/money";

/** A refund of part or all of what is still refundable, behind a disclosure. */
export function RefundForm({ refundable, refundKey, answer, open }: { refundable: number; refundKey: string; answer: OrderFormState; open: boolean }) {
  const { t } = useTranslation("staff");
  const errorText = useStaffErrorText();
  return (
    <details className="staff-disclosure no-print" open={open}>
      <summary>{t("order.refundTitle")}</summary>
      <Form method="post" className="staff-form">
        <input type="hidden" name="intent" value="refund" />
        {/* One key per rendered form: submitting the same form twice refunds once. */}
        <input type="hidden" name="idempotencyKey" value={answer.values.idempotencyKey ?? refundKey} />
        <OrderFormError formError={answer.formError} />
        <Field
          id="refund-amount"
          name="amount"
          label={t("order.refundAmount")}
          hint={t("order.refundHint", { max: formatFen(refundable) })}
          error={errorText(answer.errors.amount)}
          inputMode="decimal"
          required
          defaultValue={answer.values.amount ?? ""}
          placeholder={(refundable / 100).toFixed(2)}
        />
        <ReasonAndConfirm
          idPrefix="refund"
          reasonLabel={t("order.refundReason")}
          confirmLabel={t("order.refundConfirm")}
          errors={answer.errors}
          defaultReason={answer.values.reason}
        />
        <SubmitButton className="button--danger">{t("order.refundSubmit")}</SubmitButton>
      </Form>
    </details>
  );
}
