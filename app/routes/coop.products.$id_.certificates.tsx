import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TrustBadge } from "~/components/coop/badges";
import { FormProblem, useCoopFields } from "~/components/coop/notices";
import { SelectField, Options, SubmitButton } from "~/components/forms";
import { ProductPageHeader } from "~/components/coop/product-page-header";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { linkableCertifications, linkCertification, unlinkCertification } from "~/models/certification.server";
import { claimText, coveredCertificationTypes } from "~/models/claim.server";
import { claimsIn } from "~/models/trust";
import { requireCooperativeProduct, requireCooperativeProductEditor } from "~/services/coop-access.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, editor } = await requireCooperativeProductEditor(request, params);
  const id = editor.product.id;
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  const [linkable, covered] = await Promise.all([
    linkableCertifications(db(), { cooperativeId: cooperative.id }),
    coveredCertificationTypes(db(), { productId: id }),
  ]);
  const linkedIds = new Set(editor.certifications.map((c) => c.id));
  const text = claimText(editor.product, editor.variants.flatMap((v) => [v.label_zh, v.label_en]));
  const claims = claimsIn(text).map((claim) => ({ ...claim, covered: covered.includes(claim.type) }));
  return json(
    {
      title: t("meta.certificates", { name: localized(editor.product, "name", locale) }),
      product: editor.product,
      linked: editor.certifications,
      linkable: linkable.filter((c) => !linkedIds.has(c.id)),
      claims,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const linkSchema = z.object({
  intent: z.enum(["link", "unlink"]),
  certification_id: z.string().regex(/^\d{1,9}$/, { error: "choose" }).transform(Number),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { cooperative, product } = await requireCooperativeProduct(request, params);
  const productId = product.id;
  const formData = await readForm(request);
  const parsed = linkSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    if (formData.get("intent") === "link") {
      return json({ intent: "link", errors: { certification_id: "choose" } as Record<string, string>, unmetClaims: null }, { status: 400 });
    }
    throw new Response("Unknown request", { status: 400 });
  }
  const input = { productId, certificationId: parsed.data.certification_id, cooperativeId: cooperative.id };
  const result = parsed.data.intent === "link" ? await linkCertification(db(), input) : await unlinkCertification(db(), input);
  if (!result.ok) return json({ intent: parsed.data.intent, errors: result.errors, unmetClaims: result.unmetClaims ?? null }, { status: 400 });
  return redirect(`/coop/products/${productId}/certificates?notice=${parsed.data.intent === "link" ? "linked" : "unlinked"}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ProductCertificates() {
  const { product, linked, linkable, claims } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const certificateLabel = (c: { type: string; number: string }) => `${t(`certificationTypes.${c.type}`)} · ${c.number}`;
  return (
    <div className="coop-page">
      <ProductPageHeader product={product} title={t("certificatesPage.title")} intro={t("certificatesPage.intro")} />

      {claims.length > 0 ? (
        <section className="card" aria-labelledby="claims-title">
          <h3 id="claims-title">{t("certificatesPage.claimsTitle")}</h3>
          <ul className="coop-claims">
            {claims.map((claim) => (
              <li key={claim.type}>
                {t(claim.covered ? "certificatesPage.claimCovered" : "certificatesPage.claimUncovered", {
                  word: claim.word,
                  certificate: t(`certificationTypes.${claim.type}`),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {actionData?.intent === "unlink" ? <FormProblem errors={actionData.errors} unmetClaims={actionData.unmetClaims} /> : null}
      {linked.length === 0 ? (
        <p>{t("certificatesPage.none")}</p>
      ) : (
        <ul className="coop-list" data-testid="linked-certificates">
          {linked.map((c) => (
            <li key={c.id} className="card coop-item coop-item--plain">
              <p className="coop-item__title">
                {certificateLabel(c)} <TrustBadge state={c.state} />
              </p>
              <p className="coop-item__meta">
                {c.issuing_body} · {t("dashboard.expires", { date: c.expires_on })}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="unlink" />
                <input type="hidden" name="certification_id" value={c.id} />
                <SubmitButton className="button--ghost">{t("certificatesPage.unlink")}</SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}

      <section className="card" aria-labelledby="link-title">
        <h3 id="link-title">{t("certificatesPage.link")}</h3>
        {linkable.length === 0 ? (
          <p>{t("certificatesPage.noneToLink")}</p>
        ) : (
          <>
            {actionData?.intent === "link" ? <FormProblem errors={actionData.errors} /> : null}
            <Form method="post" className="coop-form" noValidate>
              <input type="hidden" name="intent" value="link" />
              <SelectField
                {...field({ errors: actionData?.intent === "link" ? actionData.errors : null, idPrefix: "link" }, "certification_id")}
                label={t("certificatesPage.certificate")}
              >
                <Options options={linkable.map((c) => ({ value: String(c.id), label: `${certificateLabel(c)} (${t(`status.trust.${c.state}`)})` }))} placeholder={t("common.choose")} />
              </SelectField>
              <div className="coop-form__actions">
                <SubmitButton>{t("certificatesPage.linkSubmit")}</SubmitButton>
              </div>
            </Form>
          </>
        )}
        <p>
          <Link to="/coop/certifications#certification-form">{t("certificatesPage.submitNew")} →</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
