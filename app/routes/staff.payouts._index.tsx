import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { BatchStatusBadge, Fen, MoneyFormProblem, MoneyNotice, Refusal } from "~/components/money/parts";
import { localized } from "~/i18n";
import { payableStatements } from "~/models/payout.server";
import { listPayoutBatches } from "~/models/settlement-report.server";
import { prepareBatchSchema } from "~/schemas/money";
import { requireStaff } from "~/services/auth.server";
import { preparePayoutBatch } from "~/services/settlements.server";
import moneyStyles from "~/styles/money.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getFixedT(await getLocale(request), "money");
  const [payable, batches] = await Promise.all([payableStatements(db()), listPayoutBatches(db())]);
  return json({ title: t("meta.payouts"), payable, batches }, { headers: { "Cache-Control": "private, no-store" } });
}

/** `intent=prepare`: the chosen statements become one batch, prepared by whoever sent the form. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const formData = await readForm(request);
  if (formData.get("intent") !== "prepare") throw new Response("Unknown request", { status: 400 });
  const parsed = parseForm(prepareBatchSchema, formData, ["statement_ids"]);
  if (!parsed.ok) return json({ errors: { statement_ids: "chooseStatements" } as Record<string, string>, refusal: null }, { status: 400 });
  const result = await preparePayoutBatch(db(), { statementIds: parsed.data.statement_ids, userId: user.id, ip: context.clientAddress });
  if (!result.ok) return json({ errors: null, refusal: result.reason }, { status: 409 });
  return redirect(`/staff/payouts/${result.batchId}?notice=batchPrepared`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffPayouts() {
  const { payable, batches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const locale = useLocale();
  return (
    <div className="money-page">
      <MoneyNotice />
      <h1>{t("payouts.title")}</h1>
      <p className="muted">{t("payouts.intro")}</p>

      <section className="card" aria-labelledby="prepare-title">
        <h2 id="prepare-title">{t("payouts.prepareTitle")}</h2>
        <Refusal reason={actionData?.refusal} />
        <MoneyFormProblem errors={actionData?.errors} />
        {payable.length === 0 ? (
          <p>{t("payouts.nonePayable")}</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="prepare" />
            <fieldset className="money-fieldset">
              <legend>{t("columns.choose")}</legend>
              <ScrollBox className="money-table-wrap">
                <table className="money-table" data-testid="payable-statements">
                  <thead>
                    <tr>
                      <th scope="col">{t("columns.choose")}</th>
                      <th scope="col">{t("columns.statement")}</th>
                      <th scope="col">{t("columns.cooperative")}</th>
                      <th scope="col">{t("columns.period")}</th>
                      <th scope="col" className="num">{t("columns.amount")}</th>
                      <th scope="col">{t("columns.account")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {payable.map((s) => (
                      <tr key={s.id} data-statement={s.number}>
                        <td>
                          <input type="checkbox" id={`statement-${s.id}`} name="statement_ids" value={s.id} disabled={!s.bankAccount} aria-describedby={s.bankAccount ? undefined : `statement-${s.id}-bank`} />
                        </td>
                        <td><label htmlFor={`statement-${s.id}`}>{s.number}</label></td>
                        <td>{localized(s, "name", locale)}</td>
                        <td>{String(s.period_start)} – {String(s.period_end)}</td>
                        <td className="num"><Fen fen={s.total_fen} /></td>
                        <td id={`statement-${s.id}-bank`}>{s.bankAccount ?? <span className="badge badge--warn">{t("payouts.noBank")}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
            </fieldset>
            <SubmitButton intent="prepare">{t("payouts.prepareSubmit")}</SubmitButton>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="batches-title">
        <h2 id="batches-title">{t("payouts.batchesTitle")}</h2>
        <DataTable rows={batches} rowKey={(b) => b.id} empty={<p>{t("payouts.noBatches")}</p>} testId="batches" className="money-table" wrapClassName="money-table-wrap" columns={[
          { header: t("columns.batch"), cell: (b) => <Link to={`/staff/payouts/${b.id}`}>{b.number}</Link> },
          { header: t("columns.status"), cell: (b) => <BatchStatusBadge status={b.status} /> },
          { header: t("columns.amount"), num: true, cell: (b) => <Fen fen={b.total_fen} /> },
          { header: t("columns.items"), num: true, cell: (b) => b.items },
          { header: t("columns.preparedBy"), cell: (b) => b.prepared_by_name },
          { header: t("columns.approvedBy"), cell: (b) => b.approved_by_name ?? "—" },
          { header: t("columns.preparedAt"), cell: (b) => formatChinaDateTime(b.prepared_at) },
          { header: t("columns.reference"), cell: (b) => b.bank_reference ?? "—" },
        ]} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
