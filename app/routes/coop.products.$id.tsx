import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { z } from "zod";
import { ClaimsList, FormProblem, SuccessNotice } from "~/components/coop/notices";
import { useLocale } from "~/components/coop/locale";
import { ProductHeader } from "~/components/coop/product-nav";
import { ProductFieldsets, SlugFieldset } from "~/components/coop/product-form";
import { editProductSchema, PRODUCT_STATUSES, STATUS_CHANGES } from "~/schemas/coop";
import { formValues, parseForm } from "~/utils/form-errors.server";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { brandOptions } from "~/models/brand.server";
import { categoryOptions } from "~/models/category.server";
import { changeProductStatus, updateProduct } from "~/models/product.server";
import { requireCooperativeProduct } from "~/services/coop-access.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, product } = await requireCooperativeProduct(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  const [categories, brands] = await Promise.all([categoryOptions(db()), brandOptions(db(), { cooperativeId: cooperative.id })]);
  const { search_text: _text, search_document: _document, search_version: _version, ...shown } = product;
  return json(
    { title: t("meta.product", { name: localized(product, "name", locale) }), product: shown, categories, brands },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const statusSchema = z.object({ intent: z.literal("status"), to: z.enum(PRODUCT_STATUSES) });
const STATUS_NOTICE = { active: "published", draft: "unpublished", archived: "archived" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { cooperative, product } = await requireCooperativeProduct(request, params);
  const id = product.id;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "save") {
    const parsed = parseForm(editProductSchema, formData, ["season_months"]);
    if (!parsed.ok) return json({ intent, values: parsed.values, errors: parsed.errors, unmetClaims: null }, { status: 400 });
    const result = await updateProduct(db(), { id, cooperativeId: cooperative.id, input: parsed.data });
    if (!result.ok) {
      return json(
        { intent, values: formValues(formData, ["season_months"]), errors: result.errors, unmetClaims: result.unmetClaims ?? null },
        { status: 400 },
      );
    }
    return redirect(`/coop/products/${id}?notice=saved`);
  }
  if (intent === "status") {
    const parsed = statusSchema.safeParse(Object.fromEntries(formData));
    invariantResponse(parsed.success, "Unknown request");
    const result = await changeProductStatus(db(), { id, cooperativeId: cooperative.id, to: parsed.data.to });
    if (!result.ok) return json({ intent, values: null, errors: result.errors, unmetClaims: result.unmetClaims ?? null }, { status: 400 });
    const notice = product.status === "archived" && parsed.data.to === "draft" ? "restored" : STATUS_NOTICE[parsed.data.to];
    return redirect(`/coop/products/${id}?notice=${notice}`);
  }
  throw new Response("Unknown request", { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function EditProduct() {
  const { product, categories, brands } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const locale = useLocale();
  const saveData = actionData?.intent === "save" ? actionData : null;
  const statusData = actionData?.intent === "status" ? actionData : null;
  const changes = STATUS_CHANGES[product.status];
  return (
    <div className="coop-page">
      <SuccessNotice />
      <ProductHeader product={{ id: product.id, slug: product.slug, status: product.status, name: localized(product, "name", locale) }} />

      <section className="card" aria-labelledby="product-status-title">
        <h2 id="product-status-title">{t("productPage.status")}</h2>
        {statusData?.errors ? (
          <div className="notice notice--error" role="alert" data-testid="publish-refused">
            <p className="coop-notice__title">{t("productPage.cannotPublish")}</p>
            <p>{t(`errors.${statusData.errors.form ?? "form"}`)}</p>
            {statusData.unmetClaims?.length ? (
              <>
                <ClaimsList claims={statusData.unmetClaims} />
                <p>{t("productPage.claimsHelp")}</p>
              </>
            ) : null}
          </div>
        ) : null}
        <div className="coop-form__actions">
          {changes.map((to) => (
            <Form method="post" key={to} className="coop-inline-form">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="to" value={to} />
              <SubmitButton className={to === "active" ? undefined : "button--ghost"}>
                {to === "active" ? t("productPage.publish") : to === "archived" ? t("productPage.archive") : product.status === "archived" ? t("productPage.restore") : t("productPage.unpublish")}
              </SubmitButton>
            </Form>
          ))}
        </div>
        {changes.includes("active") ? <p className="field__hint">{t("productPage.publishHint")}</p> : null}
      </section>

      <section aria-labelledby="product-details-title">
        <h2 id="product-details-title" className="visually-hidden">{t("productNav.details")}</h2>
        {product.status === "active" ? <p className="notice notice--warn">{t("productForm.activeWarning")}</p> : null}
        <FormProblem errors={saveData?.errors} unmetClaims={saveData?.unmetClaims} />
        <Form method="post" className="coop-form" noValidate>
          <input type="hidden" name="intent" value="save" />
          <ProductFieldsets
            categories={categories}
            brands={brands}
            values={saveData?.values}
            errors={saveData?.errors}
            defaults={{
              name_zh: product.name_zh,
              name_en: product.name_en,
              description_zh: product.description_zh,
              description_en: product.description_en,
              category_id: product.category_id,
              brand_id: product.brand_id,
              origin_county_zh: product.origin_county_zh,
              origin_county_en: product.origin_county_en,
              temperature_class: product.temperature_class,
              shelf_life_days: product.shelf_life_days,
              season_months: product.season_months,
            }}
          />
          <SlugFieldset values={saveData?.values} errors={saveData?.errors} defaultValue={product.slug} required />
          <CoopFormSubmit pendingText={t("common.saving")}>{t("productForm.saveSubmit")}</CoopFormSubmit>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
