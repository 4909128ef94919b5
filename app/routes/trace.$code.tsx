import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CompactCertificateList } from "~/components/product/certificate-list";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ShipmentCard } from "~/components/order/shipment-card";
import { getBatchTrace, normalizeBatchCode } from "~/models/catalogue.server";
import { ORDER_NUMBER_PATTERN } from "~/models/order/order.server";
import { orderViewerFor } from "~/services/order-access.server";
import { batchJourneyForOrder } from "~/services/order-tracking.server";
import catalogueStyles from "~/styles/catalogue.css";
import ordersStyles from "~/styles/orders.css";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";
import { absoluteUrl, canonicalUrl, errorMeta, seoMeta } from "~/utils/seo";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: catalogueStyles },
  { rel: "stylesheet", href: ordersStyles },
];

// The public half of a batch's story. Order-specific parts (the parcel's journey for a
// holder of the order link) are added beside `batch` in this loader, never inside it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  // `?order=<number>&token=<token>` (or the order's owner or staff signed in) adds the
  // parcel's journey, which changes with every scan: such a request never takes part in
  // the catalogue's caching. Anyone else gets the public page, and a 304 before any
  // catalogue query when they already have it.
  const orderNumber = new URL(request.url).searchParams.get("order");
  const cache = orderNumber === null ? await publicPageCache(request) : null;
  if (cache?.notModified) return cache.notModified;
  const code = normalizeBatchCode(params.code);
  if (!code) throw notFound();
  const locale = await getLocale(request);
  const batch = await getBatchTrace(db(), { code, locale });
  if (!batch) throw notFound();
  const [t, common] = await Promise.all([getFixedT(locale, "catalogue"), getFixedT(locale, "common")]);
  const { publicUrl } = getEnv();
  // A wrong token or an order without this batch: the public page, still not cached.
  const journey =
    orderNumber && ORDER_NUMBER_PATTERN.test(orderNumber)
      ? await batchJourneyForOrder(db(), { code, number: orderNumber, viewer: await orderViewerFor(request), locale })
      : null;
  const privateHeaders = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };
  return json({
    locale,
    journey,
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
  }, { headers: cache?.headers ?? privateHeaders });
}

// The public page is cached like the rest of the catalogue; a page showing an order's
// journey is that visitor's alone (never stored, never answered with a catalogue 304).
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(publicPageHeaders(args));
  const referrerPolicy = args.loaderHeaders.get("Referrer-Policy");
  if (referrerPolicy) headers.set("Referrer-Policy", referrerPolicy);
  return headers;
};

export const handle = htmlOnlyPage;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function TracePage() {
  const { batch, journey, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  const { t: tOrders } = useTranslation("orders");
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
            <CompactCertificateList certificates={batch.certificates} validity={(c) => t("product.validityRange", { from: c.issuedOn, to: c.expiresOn })} />
          </>
        ) : (
          <p className="muted">{t("trace.noCertificates")}</p>
        )}
      </section>

      {journey ? (
        <section className="trace-journey" aria-labelledby="journey-title" data-testid="trace-journey">
          <h2 id="journey-title">{tOrders("tracking.trace.journeyTitle", { number: journey.number })}</h2>
          <p className="muted">{tOrders("tracking.trace.journeyIntro")}</p>
          {journey.shipments.length === 0 ? (
            <p>{tOrders("tracking.trace.notShipped")}</p>
          ) : (
            <div className="shipment-list">
              {journey.shipments.map((shipment, index) => (
                <ShipmentCard key={shipment.id} shipment={shipment} n={index + 1} locale={locale} />
              ))}
            </div>
          )}
          <p>
            <Link to={journey.orderPath}>{tOrders("tracking.trace.viewOrder")}</Link>
          </p>
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
