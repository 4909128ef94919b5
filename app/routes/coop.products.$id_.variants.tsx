import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormProblem, useCoopFields, useErrorText } from "~/components/coop/notices";
import { Field, SelectField, Options } from "~/components/forms";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { DataTable } from "~/components/data-table";
import { ProductPageHeader } from "~/components/coop/product-page-header";
import { VariantFields } from "~/components/coop/product-form";
import { editVariantSchema, newVariantSchema, stockAdjustmentSchema } from "~/schemas/coop";
import { formValues, parseForm, type FieldErrors } from "~/utils/form-errors.server";
import type { UnmetClaim } from "~/types/trust";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { addVariant, updateVariant } from "~/models/product.server";
import { getProductEditor } from "~/models/product-editor.server";
import { adjustStock } from "~/models/stock.server";
import { requireCooperativeProduct, requireCooperativeProductEditor } from "~/services/coop-access.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { editor } = await requireCooperativeProductEditor(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  return json(
    {
      title: t("meta.variants", { name: localized(editor.product, "name", locale) }),
      product: editor.product,
      variants: editor.variants,
      stockHistory: editor.stockHistory,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cooperative, product } = await requireCooperativeProduct(request, params);
  const productId = product.id;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const variantId = typeof formData.get("variant_id") === "string" ? String(formData.get("variant_id")) : null;
  const refuse = (errors: FieldErrors, unmetClaims: UnmetClaim[] | null = null) =>
    json({ intent: String(intent), variantId, values: formValues(formData), errors, unmetClaims }, { status: 400 });

  if (intent === "add") {
    const parsed = parseForm(newVariantSchema, formData);
    if (!parsed.ok) return refuse(parsed.errors);
    const result = await addVariant(db(), { productId, cooperativeId: cooperative.id, actorUserId: user.id, input: parsed.data });
    if (!result.ok) return refuse(result.errors, result.unmetClaims ?? null);
    return redirect(`/coop/products/${productId}/variants?notice=variantAdded#variant-${result.id}`);
  }
  if (intent === "update") {
    const parsed = parseForm(editVariantSchema, formData);
    if (!parsed.ok) return refuse(parsed.errors);
    const result = await updateVariant(db(), { productId, cooperativeId: cooperative.id, input: parsed.data });
    if (!result.ok) return refuse(result.errors, result.unmetClaims ?? null);
    return redirect(`/coop/products/${productId}/variants?notice=variantSaved#variant-${parsed.data.variant_id}`);
  }
  if (intent === "stock") {
    const parsed = parseForm(stockAdjustmentSchema, formData);
    if (!parsed.ok) return refuse(parsed.errors);
    const { variant_id, direction, quantity, reason } = parsed.data;
    // The variant must be one of this product's, of this cooperative (adjustStock checks the cooperative).
    const editor = await getProductEditor(db(), { id: productId, cooperativeId: cooperative.id });
    if (!editor || !editor.variants.some((v) => v.id === variant_id)) throw notFound();
    const result = await adjustStock(db(), {
      variantId: variant_id,
      cooperativeId: cooperative.id,
      delta: direction === "add" ? quantity : -quantity,
      reason,
      actorUserId: user.id,
    });
    if (!result.ok) return refuse(result.errors);
    return redirect(`/coop/products/${productId}/variants?notice=stockSaved#variant-${variant_id}`);
  }
  throw new Response("Unknown request", { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ProductVariants() {
  const { product, variants, stockHistory } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const errorText = useErrorText();
  const locale = useLocale();
  const forForm = (intent: string, variantId: number | null) =>
    actionData && actionData.intent === intent && (variantId === null || actionData.variantId === String(variantId)) ? actionData : null;
  const addData = forForm("add", null);
  return (
    <div className="coop-page">
      <ProductPageHeader product={product} title={t("variantsPage.title")} />
      {variants.length === 0 ? <p>{t("variantsPage.none")}</p> : null}
      <ul className="coop-list">
        {variants.map((variant) => {
          const updateData = forForm("update", variant.id);
          const stockData = forForm("stock", variant.id);
          const available = variant.stock_on_hand - variant.stock_reserved;
          return (
            <li key={variant.id} id={`variant-${variant.id}`} className="card" data-testid="variant">
              <h3>
                {t("variantsPage.edit", { sku: variant.sku })} {variant.active ? null : <span className="badge badge--muted">{t("variantsPage.inactive")}</span>}
              </h3>
              <p className="coop-item__meta">
                {localized(variant, "label", locale)} · <span className="price">{formatFen(variant.price_fen)}</span>
              </p>
              <section aria-label={t("variantsPage.stockTitle", { sku: variant.sku })}>
                <div className="coop-stock">
                  <div>
                    <strong data-testid="stock-on-hand">{variant.stock_on_hand}</strong>
                    {t("variantsPage.onHand")}
                  </div>
                  <div>
                    <strong>{variant.stock_reserved}</strong>
                    {t("variantsPage.reserved")}
                  </div>
                  <div>
                    <strong>{available}</strong>
                    {t("variantsPage.available")}
                  </div>
                </div>
                <FormProblem errors={stockData?.errors} />
                <Form method="post" className="coop-form" noValidate>
                  <input type="hidden" name="intent" value="stock" />
                  <input type="hidden" name="variant_id" value={variant.id} />
                  <div className="coop-row">
                    <SelectField
                      {...field({ values: stockData?.values, errors: stockData?.errors, idPrefix: `stock-${variant.id}` }, "direction", "add")}
                      label={t("variantsPage.change")}
                    >
                      <Options options={[
                        { value: "add", label: t("variantsPage.add_stock") },
                        { value: "remove", label: t("variantsPage.remove_stock") },
                      ]} />
                    </SelectField>
                    <Field {...field({ values: stockData?.values, errors: stockData?.errors, idPrefix: `stock-${variant.id}` }, "quantity")} label={t("variantsPage.quantity")} inputMode="numeric" required />
                  </div>
                  <Field {...field({ values: stockData?.values, errors: stockData?.errors, idPrefix: `stock-${variant.id}` }, "reason")} label={t("variantsPage.reason")} hint={t("variantsPage.reasonHint")} maxLength={200} required />
                  <CoopFormSubmit>{t("variantsPage.stockSubmit")}</CoopFormSubmit>
                </Form>
              </section>
              <details open={Boolean(updateData)}>
                <summary className="coop-section-title">{t("common.edit")}</summary>
                <FormProblem errors={updateData?.errors} unmetClaims={updateData?.unmetClaims} />
                <Form method="post" className="coop-form" noValidate>
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="variant_id" value={variant.id} />
                  <VariantFields
                    idPrefix={`variant-${variant.id}`}
                    values={updateData?.values}
                    errors={updateData?.errors}
                    withStock={false}
                    defaults={{
                      sku: variant.sku,
                      label_zh: variant.label_zh,
                      label_en: variant.label_en,
                      weight_grams: variant.weight_grams,
                      price: (variant.price_fen / 100).toFixed(2),
                    }}
                  />
                  <label className="coop-toggle">
                    <input type="checkbox" name="active" value="on" defaultChecked={updateData ? updateData.values.active === "on" : variant.active} />
                    {t("variantForm.active")}
                  </label>
                  {updateData?.errors?.active ? <p className="field__error">{errorText(updateData.errors.active)}</p> : null}
                  <CoopFormSubmit>{t("variantsPage.saveSubmit")}</CoopFormSubmit>
                </Form>
              </details>
            </li>
          );
        })}
      </ul>

      <section className="card" aria-labelledby="add-variant">
        <h2 id="add-variant">{t("variantsPage.add")}</h2>
        <FormProblem errors={addData?.errors} unmetClaims={addData?.unmetClaims} />
        <Form method="post" className="coop-form" noValidate>
          <input type="hidden" name="intent" value="add" />
          <VariantFields idPrefix="new-variant" values={addData?.values} errors={addData?.errors} withStock />
          <CoopFormSubmit>{t("variantsPage.addSubmit")}</CoopFormSubmit>
        </Form>
      </section>

      <section aria-labelledby="stock-history">
        <h2 id="stock-history">{t("variantsPage.history")}</h2>
        <DataTable rows={stockHistory} rowKey={(entry) => entry.id} empty={<p>{t("variantsPage.historyEmpty")}</p>} columns={[
          { header: t("variantsPage.when"), cell: (entry) => formatChinaDateTime(entry.created_at) },
          { header: t("orders.sku"), cell: (entry) => entry.sku },
          {
            header: t("variantsPage.delta"),
            cell: (entry) => (entry.delta > 0 ? `+${entry.delta}` : entry.delta),
            cellClass: (entry) => (entry.delta > 0 ? "coop-delta--up" : "coop-delta--down"),
          },
          { header: t("variantsPage.reason"), cell: (entry) => (entry.reason_code === "manual" ? entry.reason : t(`stockReasons.${entry.reason_code}`)) },
        ]} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
