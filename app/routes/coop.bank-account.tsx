import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime } from "~/components/coop/locale";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SubmitButton } from "~/components/forms";
import { MoneyFormProblem, MoneyNotice, useMoneyFields } from "~/components/money/parts";
import { maskedBankAccount } from "~/models/payout.server";
import { bankAccountSchema } from "~/schemas/money";
import { requireCooperative } from "~/services/auth.server";
import { changeBankAccount } from "~/services/settlements.server";
import moneyStyles from "~/styles/money.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: moneyStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "money");
  const account = await maskedBankAccount(db(), { cooperativeId: cooperative.id });
  return json({ title: t("meta.bankAccount"), account }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  const parsed = parseForm(bankAccountSchema, formData);
  // Neither the password nor the full account number is sent back into the page.
  const values = (v: Record<string, unknown>) => ({ ...v, password: "", account_number: "" });
  if (!parsed.ok) return json({ values: values(parsed.values), errors: parsed.errors }, { status: 400 });
  const result = await changeBankAccount(db(), {
    cooperativeId: cooperative.id,
    accountName: parsed.data.account_name,
    bankName: parsed.data.bank_name,
    accountNumber: parsed.data.account_number,
    password: parsed.data.password,
    userId: user.id,
    ip: context.clientAddress,
  });
  if (!result.ok) return json({ values: values(parsed.values), errors: { [result.field]: result.error } }, { status: 400 });
  return redirect("/coop/bank-account?notice=bankSaved");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopBankAccount() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("money");
  const field = useMoneyFields();
  const form = { values: actionData?.values as Record<string, string> | undefined, errors: actionData?.errors, idPrefix: "bank" };
  return (
    <div className="money-page">
      <MoneyNotice />
      <h1>{t("bank.title")}</h1>
      <p className="muted">{t("bank.intro")}</p>
      <section className="card" aria-labelledby="current-account">
        <h2 id="current-account">{t("bank.current")}</h2>
        {account ? (
          <dl className="money-kv" data-testid="bank-account">
            <dt>{t("bank.accountName")}</dt>
            <dd>{account.accountName}</dd>
            <dt>{t("bank.bankName")}</dt>
            <dd>{account.bankName}</dd>
            <dt>{t("bank.accountNumber")}</dt>
            <dd data-testid="masked-account">{account.accountNumber}</dd>
          </dl>
        ) : (
          <p>{t("bank.none")}</p>
        )}
        {account ? <p className="muted">{t("bank.updatedAt", { date: formatChinaDateTime(account.updatedAt) })}</p> : null}
      </section>
      <section className="card" aria-labelledby="bank-form-title">
        <h2 id="bank-form-title">{account ? t("bank.replaceTitle") : t("bank.addTitle")}</h2>
        <MoneyFormProblem errors={actionData?.errors} />
        <Form method="post" className="money-form" noValidate>
          <Field {...field(form, "account_name", account?.accountName)} label={t("bank.accountName")} hint={t("bank.accountNameHint")} maxLength={100} required />
          <Field {...field(form, "bank_name", account?.bankName)} label={t("bank.bankName")} maxLength={100} required />
          <Field {...field(form, "account_number")} label={t("bank.accountNumber")} hint={t("bank.accountNumberHint")} inputMode="numeric" autoComplete="off" maxLength={40} required />
          {account ? (
            <Field {...field(form, "password")} type="password" label={t("bank.password")} hint={t("bank.passwordHint")} autoComplete="current-password" required />
          ) : null}
          <SubmitButton>{t("bank.submit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
