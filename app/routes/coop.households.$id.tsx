import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "~/types/forms";
import { useTranslation } from "react-i18next";
import { Field, Options, SelectField } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HouseholdFormProblem, HouseholdNotice, Optional, useHouseholdFields } from "~/components/households/ui";
import { getHousehold, updateHousehold } from "~/models/household.server";
import { addAccountEntries } from "~/models/member-account.server";
import { accountEntrySchema, correctionSchema, deliverySchema, ENTRY_KINDS, householdSchema } from "~/schemas/households";
import { requireCooperative } from "~/services/auth.server";
import { correctAccountEntry, memberAccount, recordDelivery } from "~/services/households.server";
import styles from "~/styles/coop.css";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { invariantResponse, notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

function householdId(params: LoaderFunctionArgs["params"]): number {
  const id = Number(params.id);
  if (!/^\d{1,9}$/.test(params.id ?? "") || !Number.isSafeInteger(id)) throw notFound();
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const account = await memberAccount(db(), { cooperativeId: cooperative.id, householdId: householdId(params) });
  if (!account) throw notFound();
  const t = await getFixedT(await getLocale(request), "households");
  return json({ title: t("meta.household", { name: account.household.head_name }), today: chinaToday(), ...account }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const id = householdId(params);
  // Another cooperative's household does not exist here: nothing is read from or written to it.
  if (!(await getHousehold(db(), { id, cooperativeId: cooperative.id }))) throw notFound();
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const back = (notice: string) => redirect(`/coop/households/${id}?notice=${notice}`);
  switch (intent) {
    case "edit": {
      const parsed = parseForm(householdSchema, formData);
      if (!parsed.ok) return json({ intent, values: parsed.values, errors: parsed.errors }, { status: 400 });
      await updateHousehold(db(), { id, cooperativeId: cooperative.id, input: parsed.data, userId: user.id });
      return back("householdSaved");
    }
    case "entry": {
      const parsed = parseForm(accountEntrySchema, formData);
      if (!parsed.ok) return json({ intent, values: parsed.values, errors: parsed.errors }, { status: 400 });
      const e = parsed.data;
      await addAccountEntries(db(), { cooperativeId: cooperative.id, userId: user.id, entries: [{ householdId: id, kind: e.kind, amountFen: e.amount, landMu: e.land_mu, enteredOn: e.entered_on, note: e.note }] });
      return back("entryAdded");
    }
    case "correct": {
      const parsed = parseForm(correctionSchema, formData);
      if (!parsed.ok) return json({ intent, values: parsed.values, errors: parsed.errors }, { status: 400 });
      const done = await correctAccountEntry(db(), { cooperativeId: cooperative.id, householdId: id, entryId: parsed.data.entry_id, note: parsed.data.note, userId: user.id });
      if (!done) return json({ intent, values: parsed.values, errors: { form: "entryNotFound" } }, { status: 400 });
      return back("entryCorrected");
    }
    case "delivery": {
      const parsed = parseForm(deliverySchema, formData);
      if (!parsed.ok) return json({ intent, values: parsed.values, errors: parsed.errors }, { status: 400 });
      const result = await recordDelivery(db(), { cooperativeId: cooperative.id, householdId: id, input: parsed.data, userId: user.id });
      if (!result.ok) return json({ intent, values: parsed.values, errors: result.errors }, { status: 400 });
      return back("deliveryAdded");
    }
    default:
      invariantResponse(false, "Unknown request");
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopHousehold() {
  const { household, entries, byKind, totalFen, deliveries, history, batches, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const field = useHouseholdFields();
  const formFor = (intent: string) => ({
    values: actionData?.intent === intent ? actionData.values : null,
    errors: actionData?.intent === intent ? actionData.errors : null,
    idPrefix: intent,
  });
  const edit = formFor("edit");
  const entry = formFor("entry");
  const delivery = formFor("delivery");
  const correct = formFor("correct");
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/households">← {t("households.title")}</Link>
      </p>
      <HouseholdNotice />
      <h1>
        {t("numberLabel", { n: household.number })} · {household.head_name}
      </h1>

      <section className="card" aria-labelledby="account-by-kind">
        <h2 id="account-by-kind">{t("account.byKind")}</h2>
        {byKind.length === 0 ? (
          <p>{t("account.noEntries")}</p>
        ) : (
          <dl className="coop-kv" data-testid="account-by-kind">
            {byKind.map((k) => (
              <div key={k.kind}>
                <dt>{t(`account.kinds.${k.kind}`)}</dt>
                <dd>
                  {formatFen(k.amountFen)}
                  {k.landMu ? ` · ${k.landMu} ${t("account.landMu")}` : ""}
                </dd>
              </div>
            ))}
            <div>
              <dt>{t("account.total")}</dt>
              <dd data-testid="account-total">{formatFen(totalFen)}</dd>
            </div>
          </dl>
        )}
      </section>

      <section className="card" aria-labelledby="account-add">
        <h2 id="account-add">{t("account.addEntry")}</h2>
        <HouseholdForm intent="entry" errors={entry.errors} submit={t("account.submitEntry")}>
          <div className="coop-row">
            <SelectField {...field(entry, "kind")} label={t("account.kind")} required>
              <Options options={ENTRY_KINDS.map((kind) => ({ value: kind, label: t(`account.kinds.${kind}`) }))} />
            </SelectField>
            <Field {...field(entry, "amount")} label={t("account.amount")} inputMode="decimal" required />
          </div>
          <div className="coop-row">
            <Field {...field(entry, "land_mu")} label={t("account.landMu")} hint={t("account.landMuHint")} inputMode="decimal" labelNote={<Optional />} />
            <Field {...field(entry, "entered_on", today)} type="date" label={t("account.enteredOn")} required />
          </div>
          <Field {...field(entry, "note")} label={t("account.note")} maxLength={200} labelNote={<Optional />} />
        </HouseholdForm>
      </section>

      <section aria-labelledby="account-entries">
        <h2 id="account-entries">{t("account.entries")}</h2>
        <HouseholdFormProblem errors={correct.errors} />
        <DataTable rows={entries} rowKey={(e) => e.id} rowId={(e) => `entry-${e.id}`} empty={<p>{t("account.noEntries")}</p>} testId="account-entries" columns={[
          { header: t("account.enteredOn"), cell: (e) => e.entered_on },
          { header: t("account.kind"), cell: (e) => t(`account.kinds.${e.kind}`) },
          { header: t("account.amount"), cell: (e) => formatFen(e.amount_fen) },
          { header: t("account.landMu"), cell: (e) => e.land_mu ?? "" },
          { header: t("account.note"), cell: (e) => <>{e.corrects_id ? `${t("account.correction", { id: e.corrects_id })}: ` : ""}{e.note}</> },
          {
            header: t("account.correct"),
            cell: (e) =>
              e.amount_fen > 0 && !e.corrected && e.kind !== "converted_surplus" ? (
                <Form method="post" className="coop-inline-form">
                  <input type="hidden" name="intent" value="correct" />
                  <input type="hidden" name="entry_id" value={e.id} />
                  <label htmlFor={`correct-note-${e.id}`}>{t("account.correctionNote")}</label>
                  <input id={`correct-note-${e.id}`} name="note" maxLength={200} required />
                  <button type="submit" className="button--ghost">{t("account.correct")}</button>
                </Form>
              ) : null,
          },
        ]} />
      </section>

      <section aria-labelledby="deliveries">
        <h2 id="deliveries">{t("account.deliveries")}</h2>
        <DataTable rows={deliveries} rowKey={(d) => d.id} empty={<p>{t("account.noDeliveries")}</p>} testId="deliveries" columns={[
          { header: t("account.deliveredOn"), cell: (d) => d.delivered_on },
          { header: t("account.produce"), cell: (d) => d.produce },
          { header: t("account.weightKg"), cell: (d) => d.weight_grams / 1000 },
          { header: t("account.amount"), cell: (d) => formatFen(d.amount_fen) },
          { header: t("account.batch"), cell: (d) => d.batch_code ?? t("account.batchNone") },
        ]} />
        <div className="card">
          <h3>{t("account.addDelivery")}</h3>
          <HouseholdForm intent="delivery" errors={delivery.errors} submit={t("account.submitDelivery")}>
            <div className="coop-row">
              <Field {...field(delivery, "delivered_on", today)} type="date" label={t("account.deliveredOn")} required />
              <Field {...field(delivery, "produce")} label={t("account.produce")} maxLength={60} required />
            </div>
            <div className="coop-row">
              <Field {...field(delivery, "weight_kg")} label={t("account.weightKg")} inputMode="decimal" required />
              <Field {...field(delivery, "amount")} label={t("account.amount")} inputMode="decimal" required />
            </div>
            <div className="coop-row">
              <SelectField {...field(delivery, "batch_code")} label={t("account.batch")} labelNote={<Optional />}>
                <Options options={batches.map((code) => ({ value: code, label: code }))} placeholder={t("account.batchNone")} />
              </SelectField>
              <Field {...field(delivery, "note")} label={t("account.note")} maxLength={200} labelNote={<Optional />} />
            </div>
          </HouseholdForm>
        </div>
      </section>

      <section className="card" aria-labelledby="household-details">
        <h2 id="household-details">{t("account.details")}</h2>
        <HouseholdForm intent="edit" errors={edit.errors} submit={t("account.submitEdit")}>
          <div className="coop-row">
            <Field {...field(edit, "head_name", household.head_name)} label={t("households.headName")} maxLength={40} required />
            <Field {...field(edit, "village", household.village)} label={t("households.village")} maxLength={60} required />
          </div>
          <div className="coop-row">
            <Field {...field(edit, "joined_on", household.joined_on)} type="date" label={t("households.joinedOn")} required />
            <Field {...field(edit, "left_on", household.left_on)} type="date" label={t("households.leftOn")} hint={t("households.leftOnHint")} labelNote={<Optional />} />
          </div>
          <Field {...field(edit, "id_last4", household.id_last4)} label={t("households.idLast4")} hint={t("households.idLast4Hint")} maxLength={4} labelNote={<Optional />} autoComplete="off" />
        </HouseholdForm>
        <h3>{t("account.history")}</h3>
        <DataTable rows={history} rowKey={(h) => h.id} testId="household-history" columns={[
          { header: t("account.changedAt"), cell: (h) => new Date(h.changed_at).toISOString().slice(0, 16).replace("T", " ") },
          { header: t("households.headName"), cell: (h) => h.head_name },
          { header: t("households.village"), cell: (h) => h.village },
          { header: t("households.joinedOn"), cell: (h) => h.joined_on },
          { header: t("households.leftOn"), cell: (h) => h.left_on ?? "" },
          { header: t("account.changedBy"), cell: (h) => h.changed_by_name ?? "" },
        ]} />
      </section>
    </div>
  );
}

/** One of the page's forms: its problem notice, the form itself named by `intent`, its submit button. */
function HouseholdForm({ intent, errors, submit, children }: { intent: string; errors?: FieldErrors | null; submit: string; children: ReactNode }) {
  return (
    <>
      <HouseholdFormProblem errors={errors} />
      <Form method="post" className="coop-form" noValidate>
        <input type="hidden" name="intent" value={intent} />
        {children}
        <CoopFormSubmit intent={intent}>{submit}</CoopFormSubmit>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
