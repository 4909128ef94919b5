import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormProblem } from "~/components/coop/notices";
import { ProductFieldsets, SlugFieldset, VariantFields } from "~/components/coop/product-form";
import { newProductSchema } from "~/schemas/coop";
import { formValues, parseForm } from "~/utils/form-errors.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { brandOptions } from "~/models/brand.server";
import { categoryOptions } from "~/models/category.server";
import { createProduct } from "~/models/product.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coop");
  const [categories, brands] = await Promise.all([categoryOptions(db()), brandOptions(db(), { cooperativeId: cooperative.id })]);
  return json({ title: t("meta.newProduct"), categories, brands }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  const parsed = parseForm(newProductSchema, formData, ["season_months"]);
  if (!parsed.ok) return json({ values: parsed.values, errors: parsed.errors }, { status: 400 });
  const result = await createProduct(db(), { cooperativeId: cooperative.id, actorUserId: user.id, input: parsed.data });
  if (!result.ok) return json({ values: formValues(formData, ["season_months"]), errors: result.errors }, { status: 400 });
  return redirect(`/coop/products/${result.id}?notice=created`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function NewProduct() {
  const { categories, brands } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const navigation = useNavigation();
  const values = actionData?.values ?? null;
  const errors = actionData?.errors ?? null;
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/products">← {t("productNav.allProducts")}</Link>
      </p>
      <h1>{t("meta.newProduct")}</h1>
      <FormProblem errors={errors} />
      <Form method="post" className="coop-form" noValidate>
        <ProductFieldsets categories={categories} brands={brands} values={values} errors={errors} />
        <fieldset>
          <legend>{t("productForm.firstVariant")}</legend>
          <p className="field__hint">{t("productForm.firstVariantHint")}</p>
          <VariantFields prefix="variant." values={values} errors={errors} withStock idPrefix="variant" />
        </fieldset>
        <SlugFieldset values={values} errors={errors} required={false} />
        <div className="coop-form__actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("common.saving") : t("productForm.createSubmit")}
          </button>
          <Link to="/coop/products" className="button button--ghost">{t("common.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
