import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { randomBytes } from "node:crypto";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ListingFieldsets } from "~/components/stays-host/listing-form";
import { Optional, StayFormProblem, useStayFields } from "~/components/stays-host/ui";
import { slugify } from "~/models/product.server";
import { createListing } from "~/models/stay.server";
import { newListingSchema, STAY_KINDS } from "~/schemas/stay-listings";
import { requireCooperative } from "~/services/auth.server";
import styles from "~/styles/coop.css";
import hostStyles from "~/styles/stays-host.css";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: hostStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coopStays");
  return json({ title: t("meta.newListing") }, { headers: { "Cache-Control": "private, no-store" } });
}

/** A web address from the English name (or the kind), with a short random tail so it is free. */
function generatedSlug(nameEn: string, kind: string): string {
  const base = slugify(nameEn || kind).slice(0, 60).replace(/-+$/, "") || kind;
  return `${base === "product" ? kind : base}-${randomBytes(3).toString("hex")}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  const parsed = parseForm(newListingSchema, formData, ["amenities"]);
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  const { slug, ...fields } = parsed.data;
  const result = await createListing(db(), { cooperativeId: cooperative.id, fields: { ...fields, slug: slug ?? generatedSlug(fields.name_en, fields.kind) } });
  if (!result.ok) return json({ values: formValues(formData, ["amenities"]), errors: result.errors }, { status: 400 });
  return redirect(`/coop/stays/${result.id}?notice=created`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function NewStay() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coopStays");
  const navigation = useNavigation();
  const field = useStayFields();
  const values = actionData?.values ?? null;
  const errors = actionData?.errors ?? null;
  const form = { values, errors, idPrefix: "listing" };
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/stays">← {t("back")}</Link>
      </p>
      <h1>{t("meta.newListing")}</h1>
      <StayFormProblem errors={errors} />
      <Form method="post" className="coop-form" noValidate>
        <SelectField {...field(form, "kind", "stay")} label={t("form.kind")} hint={t("form.kindHint")} required>
          {STAY_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`kinds.${kind}`)}
            </option>
          ))}
        </SelectField>
        <ListingFieldsets kind={null} values={values} errors={errors} />
        <Field {...field(form, "slug")} label={t("form.slug")} hint={t("form.slugHint")} maxLength={80} labelNote={<Optional />} autoComplete="off" />
        <div className="coop-form__actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("form.saving") : t("form.createSubmit")}
          </button>
          <Link to="/coop/stays" className="button button--ghost">
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
