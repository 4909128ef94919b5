import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { OrderFormError, ReasonAndConfirm, type OrderFormState } from "~/components/staff/order/shared";
import { formatFen } from "~/utils/money";

/** Cancelling an order nothing of which has shipped; a paid one is refunded in full. */
export function CancelForm({ paid, refundable, answer }: { paid: boolean; refundable: number; answer: OrderFormState }) {
  const { t } = useTranslation("staff");
  return (
    <section className="card staff-danger no-print" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t("order.cancelTitle")}</h2>
      <p>{paid ? t("order.cancelPaid", { amount: formatFen(refundable) }) : t("order.cancelUnpaid")}</p>
      <OrderFormError formError={answer.formError} />
      <Form method="post" className="staff-form">
        <input type="hidden" name="intent" value="cancel" />
        <ReasonAndConfirm idPrefix="cancel" reasonLabel={t("order.cancelReason")} confirmLabel={t("order.cancelConfirm")} errors={answer.errors} defaultReason={answer.values.reason} />
        <SubmitButton className="button--danger">{t("order.cancelSubmit")}</SubmitButton>
      </Form>
    </section>
  );
}
