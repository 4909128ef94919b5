import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CooperativeList } from "~/components/catalogue/cooperative-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listCooperatives } from "~/models/catalogue.server";
import catalogueStyles from "~/styles/catalogue.css";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { canonicalUrl, errorMeta, seoMeta } from "~/utils/seo";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;

export async function loader({ request }: LoaderFunctionArgs) {
  // A visitor who already has this page gets a 304 before any catalogue query.
  const cache = await publicPageCache(request);
  if (cache.notModified) return cache.notModified;
  const locale = await getLocale(request);
  const [cooperatives, t, common] = await Promise.all([
    listCooperatives(db(), { locale }),
    getFixedT(locale, "catalogue"),
    getFixedT(locale, "common"),
  ]);
  return json({
    cooperatives,
    seo: {
      title: t("meta.cooperativesTitle"),
      description: t("meta.cooperativesDescription"),
      canonical: canonicalUrl(getEnv().publicUrl, "/cooperatives"),
      type: "website" as const,
      locale,
      siteName: common("brand.name"),
    },
  }, { headers: cache.headers });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function CooperativesIndex() {
  const { cooperatives } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  return (
    <div className="cooperatives-page">
      <header className="page-intro">
        <h1>{t("cooperatives.title")}</h1>
        <p className="page-intro__lead">{t("cooperatives.lead")}</p>
      </header>
      <CooperativeList cooperatives={cooperatives} heading="h2" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
