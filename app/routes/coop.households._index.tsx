import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HiddenHeader, HouseholdFormProblem, HouseholdNotice, Optional, useHouseholdFields } from "~/components/households/ui";
import { createHouseholds, listHouseholds } from "~/models/household.server";
import { householdSchema } from "~/schemas/households";
import { requireCooperative } from "~/services/auth.server";
import styles from "~/styles/coop.css";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "households");
  const households = await listHouseholds(db(), { cooperativeId: cooperative.id });
  return json({ title: t("meta.households"), today: chinaToday(), households }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const parsed = parseForm(householdSchema, await readForm(request));
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  const [created] = await createHouseholds(db(), { cooperativeId: cooperative.id, households: [parsed.data], userId: user.id });
  return redirect(`/coop/households/${created!.id}?notice=householdAdded`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopHouseholds() {
  const { households, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const field = useHouseholdFields();
  const form = { values: actionData?.values ?? null, errors: actionData?.errors ?? null, idPrefix: "household" };
  return (
    <div className="coop-page">
      <HouseholdNotice />
      <h1>{t("households.title")}</h1>
      <p className="muted">{t("households.intro")}</p>
      <p>
        <Link to="/coop/households/import">{t("households.importLink")} →</Link>
      </p>

      <DataTable rows={households} rowKey={(h) => h.id} empty={<p>{t("households.none")}</p>} testId="households" columns={[
        { header: t("households.number"), cell: (h) => h.number },
        { header: t("households.headName"), cell: (h) => h.head_name },
        { header: t("households.village"), cell: (h) => h.village },
        { header: t("households.joinedOn"), cell: (h) => h.joined_on },
        { header: t("households.status"), cell: (h) => (h.left_on ? t("households.left", { date: h.left_on }) : t("households.member")) },
        { header: <HiddenHeader>{t("households.open")}</HiddenHeader>, cell: (h) => <Link to={`/coop/households/${h.id}`}>{t("households.open")}</Link> },
      ]} />

      <section className="card" aria-labelledby="add-household">
        <h2 id="add-household">{t("households.addTitle")}</h2>
        <HouseholdFormProblem errors={form.errors} />
        <Form method="post" className="coop-form" noValidate>
          <div className="coop-row">
            <Field {...field(form, "head_name")} label={t("households.headName")} maxLength={40} required />
            <Field {...field(form, "village")} label={t("households.village")} maxLength={60} required />
          </div>
          <div className="coop-row">
            <Field {...field(form, "joined_on", today)} type="date" label={t("households.joinedOn")} required />
            <Field {...field(form, "id_last4")} label={t("households.idLast4")} hint={t("households.idLast4Hint")} maxLength={4} labelNote={<Optional />} autoComplete="off" />
          </div>
          <CoopFormSubmit>{t("households.submitAdd")}</CoopFormSubmit>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
