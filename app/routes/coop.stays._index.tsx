import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/components/coop/locale";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StayNotice } from "~/components/stays-host/ui";
import { inLanguage } from "~/i18n";
import { listListings } from "~/models/stay.server";
import { requireCooperative } from "~/services/auth.server";
import styles from "~/styles/coop.css";
import hostStyles from "~/styles/stays-host.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: hostStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coopStays");
  const listings = await listListings(db(), { cooperativeId: cooperative.id });
  return json(
    { title: t("meta.stays"), listings: listings.map(({ updated_at: _updated, ...listing }) => listing) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopStays() {
  const { listings } = useLoaderData<typeof loader>();
  const { t } = useTranslation("coopStays");
  const locale = useLocale();
  return (
    <div className="coop-page">
      <StayNotice />
      <h1>{t("list.title")}</h1>
      <p className="muted">{t("list.intro")}</p>
      <p className="coop-actions">
        <Link to="/coop/stays/new" className="button">
          {t("list.newLink")}
        </Link>{" "}
        <Link to="/coop/bookings">{t("list.bookingsLink")} →</Link>
      </p>
      {listings.length === 0 ? (
        <p>{t("list.none")}</p>
      ) : (
        <ScrollBox>
          <table className="table" data-testid="stay-listings">
            <thead>
              <tr>
                <th scope="col">{t("list.name")}</th>
                <th scope="col">{t("list.kind")}</th>
                <th scope="col">{t("list.county")}</th>
                <th scope="col">{t("list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {listings.map((listing) => (
                <tr key={listing.id}>
                  <td>
                    <Link to={`/coop/stays/${listing.id}`}>{inLanguage(listing.name_zh, listing.name_en, locale)}</Link>
                  </td>
                  <td>{t(`kinds.${listing.kind}`)}</td>
                  <td>{inLanguage(listing.county_zh, listing.county_en, locale)}</td>
                  <td>
                    <span className={listing.status === "published" ? "badge" : "badge badge--muted"}>{t(`statuses.${listing.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
