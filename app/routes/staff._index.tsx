import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { countPendingReviews } from "~/models/review.server";
import { dashboardCounts } from "~/models/order/staff.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const [counts, pendingReviews] = await Promise.all([dashboardCounts(db()), countPendingReviews(db())]);
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    { counts: { ...counts, pendingReviews }, name: user.name || user.email, title: t("dashboard.title") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Staff" }];

export default function StaffDashboard() {
  const { counts, name } = useLoaderData<typeof loader>();
  const { t } = useTranslation("staff");
  const tiles = [
    { key: "toFulfil", count: counts.toFulfil, to: "/staff/pick-list", tone: counts.toFulfil > 0 ? "warn" : "" },
    { key: "pendingReviews", count: counts.pendingReviews, to: "/staff/reviews", tone: counts.pendingReviews > 0 ? "warn" : "" },
    { key: "shipmentExceptions", count: counts.shipmentExceptions, to: "/staff/shipments?status=exception", tone: counts.shipmentExceptions > 0 ? "danger" : "" },
    { key: "flagged", count: counts.flagged, to: "/staff/orders?flagged=1", tone: counts.flagged > 0 ? "danger" : "" },
    { key: "openShipments", count: counts.openShipments, to: "/staff/shipments?status=open", tone: "" },
    { key: "awaitingPayment", count: counts.awaitingPayment, to: "/staff/orders?status=pending_payment", tone: "" },
  ] as const;
  return (
    <section className="staff-page" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      <p className="muted">{t("dashboard.greeting", { name })}</p>
      <ul className="staff-tiles">
        {tiles.map((tile) => (
          <li key={tile.key} className={`staff-tile card${tile.tone ? ` staff-tile--${tile.tone}` : ""}`}>
            <Link to={tile.to} className="staff-tile__link" data-testid={`tile-${tile.key}`}>
              <span className="staff-tile__count">{tile.count}</span>
              <span className="staff-tile__label">{t(`dashboard.tiles.${tile.key}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <h2>{t("dashboard.shortcuts")}</h2>
      <ul className="staff-shortcuts">
        <li><Link to="/staff/orders">{t("nav.orders")}</Link></li>
        <li><Link to="/staff/pick-list">{t("nav.pickList")}</Link></li>
        <li><Link to="/staff/reviews">{t("nav.reviews")}</Link></li>
        <li><Link to="/staff/shipments">{t("nav.shipments")}</Link></li>
        <li><Link to="/staff/reports">{t("nav.reports")}</Link></li>
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
