import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SubmitButton } from "~/components/forms";
import { BatchStatusBadge, Fen, MoneyFormProblem, MoneyNotice, Refusal, useMoneyFields } from "~/components/money/parts";
import { localized } from "~/i18n";
import { payoutBatch } from "~/models/settlement-report.server";
import { idParam, markPaidSchema } from "~/schemas/money";
import { requireStaff } from "~/services/auth.server";
import { approvePayoutBatch, markPayoutBatchPaid } from "~/services/settlements.server";
import moneyStyles from "~/styles/money.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const id = idParam(params.id);
  const found = id === null ? null : await payoutBatch(db(), { id });
  if (!found) throw notFound();
  const t = await getFixedT(await getLocale(request), "money");
  return json(
    { title: t("meta.payout", { number: found.batch.number }), ...found, preparedByMe: found.batch.prepared_by === user.id },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** `intent=approve` (never by the preparer) or `intent=paid` with the bank's reference. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const batchId = idParam(params.id);
  if (batchId === null) throw notFound();
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "approve") {
    const result = await approvePayoutBatch(db(), { batchId, userId: user.id, ip: context.clientAddress });
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound();
      return json({ refusal: result.reason, values: null, errors: null }, { status: result.reason === "same_person" ? 403 : 409 });
    }
    return redirect(`/staff/payouts/${batchId}?notice=batchApproved`);
  }
  if (intent === "paid") {
    const parsed = parseForm(markPaidSchema, formData);
    if (!parsed.ok) return json({ refusal: null, values: parsed.values, errors: parsed.errors }, { status: 400 });
    const result = await markPayoutBatchPaid(db(), { batchId, bankReference: parsed.data.bank_reference, userId: user.id, ip: context.clientAddress });
    if (!result.ok) return json({ refusal: result.reason, values: parsed.values, errors: null }, { status: 409 });
    return redirect(`/staff/payouts/${batchId}?notice=batchPaid`);
  }
  throw new Response("Unknown request", { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffPayoutBatch() {
  const { batch, items, preparedByMe } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const locale = useLocale();
  const field = useMoneyFields();
  const who = (name: string | null, at: string | null) => (name && at ? `${name} · ${formatChinaDateTime(at)}` : t("batch.notYet"));
  return (
    <div className="money-page" data-testid="payout-batch">
      <MoneyNotice />
      <p><Link to="/staff/payouts">{t("batch.back")}</Link></p>
      <h1>{t("meta.payout", { number: batch.number })}</h1>
      <p>
        <BatchStatusBadge status={batch.status} /> <Fen fen={batch.total_fen} testId="batch-total" />
      </p>
      <section className="card" aria-labelledby="four-eyes">
        <h2 id="four-eyes">{t("batch.fourEyes")}</h2>
        <dl className="money-kv">
          <dt>{t("batch.preparedBy")}</dt>
          <dd data-testid="prepared-by">{who(batch.prepared_by_name, batch.prepared_at)}</dd>
          <dt>{t("batch.approvedBy")}</dt>
          <dd data-testid="approved-by">{who(batch.approved_by_name, batch.approved_at)}</dd>
          <dt>{t("batch.paidBy")}</dt>
          <dd data-testid="paid-by">{batch.paid_by_name && batch.paid_at ? `${who(batch.paid_by_name, batch.paid_at)} · ${batch.bank_reference}` : t("batch.notYet")}</dd>
        </dl>
      </section>

      <Refusal reason={actionData?.refusal} />

      {batch.status === "prepared" ? (
        <section className="card" aria-labelledby="approve-title">
          <h2 id="approve-title">{t("batch.approveTitle")}</h2>
          {preparedByMe ? <p className="notice notice--warn" data-testid="own-batch">{t("batch.ownBatch")}</p> : <p className="muted">{t("batch.approveHint")}</p>}
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <SubmitButton intent="approve">{t("batch.approveSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      {batch.status === "approved" ? (
        <section className="card" aria-labelledby="paid-title">
          <h2 id="paid-title">{t("batch.markPaidTitle")}</h2>
          <MoneyFormProblem errors={actionData?.errors} />
          <Form method="post" className="money-form" noValidate>
            <input type="hidden" name="intent" value="paid" />
            <Field {...field({ values: actionData?.values, errors: actionData?.errors, idPrefix: "paid" }, "bank_reference")} label={t("batch.bankReference")} maxLength={100} required />
            <SubmitButton intent="paid">{t("batch.markPaidSubmit")}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="items-title">
        <h2 id="items-title">{t("batch.items")}</h2>
        <ScrollBox className="money-table-wrap">
          <table className="money-table" data-testid="batch-items">
            <thead>
              <tr>
                <th scope="col">{t("columns.statement")}</th>
                <th scope="col">{t("columns.cooperative")}</th>
                <th scope="col">{t("columns.accountName")}</th>
                <th scope="col">{t("columns.bank")}</th>
                <th scope="col">{t("columns.account")}</th>
                <th scope="col" className="num">{t("columns.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.statement_id}>
                  <td>{item.statement_number}</td>
                  <td>{localized(item, "name", locale)}</td>
                  <td>{item.account_name}</td>
                  <td>{item.bank_name}</td>
                  <td>{item.accountNumber}</td>
                  <td className="num"><Fen fen={item.amount_fen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        <p>
          <a href={`/staff/payouts/${batch.id}.csv`} download>{t("batch.csv")}</a>
          <br />
          <span className="muted">{t("batch.csvHint")}</span>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
