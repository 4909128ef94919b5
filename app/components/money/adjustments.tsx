import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { DataTable } from "~/components/data-table";
import { Field, Options, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { Fen, MoneyFormProblem, useMoneyFields } from "~/components/money/parts";
import { localized } from "~/i18n";
import type { FieldErrors, FormValues } from "~/types/forms";

// The settlements page's adjustments: the admins' form and the latest adjustments for all staff.

interface AdjustmentListed {
  transactionId: number;
  name_zh: string;
  name_en: string;
  amountFen: number;
  reason: string;
  postedAt: string | Date;
  statementNumber: string | null;
}

export function AdjustmentsSection({
  adjustments,
  cooperatives,
  token,
  refused,
}: {
  adjustments: readonly AdjustmentListed[];
  /** Empty for staff who are not admins, who see the list only. */
  cooperatives: readonly { id: number; name_zh: string; name_en: string }[];
  /** The form's one-time token; null when the reader may not post. */
  token: string | null;
  refused?: { values?: FormValues; errors?: FieldErrors };
}) {
  const { t } = useTranslation("money");
  const locale = useLocale();
  const field = useMoneyFields();
  const form = { values: refused?.values, errors: refused?.errors, idPrefix: "adjustment" };
  return (
    <section className="card" id="adjustments" aria-labelledby="adjustments-title">
      <h2 id="adjustments-title">{t("settlements.adjustmentsTitle")}</h2>
      <p className="muted">{t("settlements.adjustmentsIntro")}</p>
      {token ? (
        <>
          <MoneyFormProblem errors={refused?.errors} />
          <Form method="post" className="money-form" noValidate>
            <input type="hidden" name="intent" value="adjustment" />
            <input type="hidden" name="token" value={token} />
            <SelectField {...field(form, "cooperative_id")} label={t("settlements.cooperative")} required>
              <Options options={cooperatives.map((c) => ({ value: String(c.id), label: localized(c, "name", locale) }))} placeholder="—" />
            </SelectField>
            <Field {...field(form, "amount")} label={t("settlements.adjustmentAmount")} hint={t("settlements.adjustmentAmountHint")} inputMode="decimal" required />
            <TextareaField {...field(form, "reason")} label={t("settlements.adjustmentReasonLabel")} hint={t("settlements.adjustmentReasonHint")} maxLength={200} rows={2} required />
            <SubmitButton intent="adjustment">{t("settlements.adjustmentSubmit")}</SubmitButton>
          </Form>
        </>
      ) : (
        <p>{t("settlements.adjustmentsAdminOnly")}</p>
      )}
      <h3>{t("settlements.adjustmentsHistory")}</h3>
      <DataTable rows={adjustments} rowKey={(row) => row.transactionId} empty={<p>{t("settlements.noAdjustments")}</p>} testId="adjustments" className="money-table" wrapClassName="money-table-wrap" columns={[
        { header: t("columns.postedAt"), cell: (row) => formatChinaDateTime(row.postedAt) },
        { header: t("columns.cooperative"), cell: (row) => localized(row, "name", locale) },
        { header: t("columns.amount"), num: true, cell: (row) => <Fen fen={row.amountFen} /> },
        { header: t("settlements.adjustmentReasonLabel"), cell: (row) => row.reason },
        { header: t("columns.statement"), cell: (row) => row.statementNumber ?? t("settlements.notSettled") },
      ]} />
    </section>
  );
}
