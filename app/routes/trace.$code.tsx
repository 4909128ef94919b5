import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckIcon } from "~/components/catalogue/cert-badges";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getBatchTrace, normalizeBatchCode } from "~/models/catalogue.server";
import catalogueStyles from "~/styles/catalogue.css";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { absoluteUrl, canonicalUrl, errorMeta, seoMeta } from "~/utils/seo";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];

// The public half of a batch's story. Order-specific parts (the parcel's journey for a
// holder of the order link) are added beside `batch` in this loader, never inside it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = normalizeBatchCode(params.code);
  if (!code) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const batch = await getBatchTrace(db(), { code, locale });
  if (!batch) throw new Response("Not found", { status: 404 });
  const [t, common] = await Promise.all([getFixedT(locale, "catalogue"), getFixedT(locale, "common")]);
  const { publicUrl } = getEnv();
  return json({
    batch,
    seo: {
      title: t("meta.traceTitle", { code: batch.code, name: batch.product.name }),
      description: t("meta.traceDescription", {
        name: batch.product.name,
        cooperative: batch.cooperative.name,
        harvestedOn: batch.harvestedOn,
      }),
      canonical: canonicalUrl(publicUrl, `/trace/${batch.code}`),
      image: absoluteUrl(publicUrl, batch.product.illustration),
      type: "website" as const,
      locale,
      siteName: common("brand.name"),
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function TracePage() {
  const { batch } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  return (
    <article className="trace" data-testid="trace">
      <header className="trace__header">
        <img className="trace__picture is-illustration" src={batch.product.illustration} alt="" width={160} height={120} />
        <div>
          <p className="trace__eyebrow">{t("trace.eyebrow")}</p>
          <h1>{batch.product.name}</h1>
          <p className="trace__code">
            <span>{t("product.batchCode")}</span> <code>{batch.code}</code>
          </p>
        </div>
      </header>
      <p className="muted">{t("trace.lead")}</p>

      <ol className="trace__timeline">
        <li>
          <span className="trace__step">{t("trace.harvestedOn")}</span>
          <time dateTime={batch.harvestedOn}>{batch.harvestedOn}</time>
        </li>
        <li>
          <span className="trace__step">{t("trace.packedOn")}</span>
          <time dateTime={batch.packedOn}>{batch.packedOn}</time>
        </li>
        <li>
          <span className="trace__step">{t("trace.bestBefore")}</span>
          <time dateTime={batch.bestBefore}>{batch.bestBefore}</time>
        </li>
      </ol>

      <section className="card trace__facts" aria-labelledby="origin-title">
        <h2 id="origin-title" className="visually-hidden">
          {t("trace.county")}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t("trace.product")}</dt>
            <dd>
              {batch.product.onSale ? <Link to={`/products/${batch.product.slug}`}>{batch.product.name}</Link> : batch.product.name}
              {!batch.product.onSale ? <span className="muted"> · {t("trace.notOnSale")}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t("trace.cooperative")}</dt>
            <dd>
              <Link to={`/cooperatives/${batch.cooperative.slug}`}>{batch.cooperative.name}</Link>
            </dd>
          </div>
          <div>
            <dt>{t("trace.county")}</dt>
            <dd>{batch.product.county}</dd>
          </div>
          {batch.plot ? (
            <div>
              <dt>{t("trace.plot")}</dt>
              <dd>{batch.plot}</dd>
            </div>
          ) : null}
          {batch.household ? (
            <div>
              <dt>{t("trace.household")}</dt>
              <dd>{batch.household}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("trace.quantity")}</dt>
            <dd>{t("trace.quantityValue", { count: batch.quantity })}</dd>
          </div>
        </dl>
      </section>

      <section className="trace__certificates" aria-labelledby="trace-certs-title">
        <h2 id="trace-certs-title">{t("trace.certificatesTitle")}</h2>
        {batch.certificates.length > 0 ? (
          <>
            <p className="muted">{t("trace.certificatesLead", { date: batch.harvestedOn })}</p>
            <ul className="trust-list">
              {batch.certificates.map((certificate) => (
                <li key={`${certificate.type}-${certificate.number}`} data-cert-type={certificate.type}>
                  <strong className="trust-list__cert">
                    <CheckIcon />
                    {t(`certTypes.${certificate.type}`)}
                  </strong>
                  <span className="muted">
                    {certificate.number} · {certificate.issuingBody} ·{" "}
                    {t("product.validityRange", { from: certificate.issuedOn, to: certificate.expiresOn })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t("trace.noCertificates")}</p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
