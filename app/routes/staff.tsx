import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import accountStyles from "~/styles/account.css";
import { accountPageHeaders, requireStaff } from "~/services/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const headers = accountPageHeaders;

// Every /staff/* page sits under this layout, but each child loader and action still calls
// requireStaff/requireAdmin itself: Remix runs loaders in parallel, so a parent's check
// does not protect a child's data.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return json({ isAdmin: user.role === "admin" }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function StaffLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <div className="portal portal--staff">
      <div className="portal__bar">
        <p className="portal__title" id="back-office-title">{t("backOffice.title")}</p>
        <nav className="portal__nav" aria-labelledby="back-office-title">
          <NavLink to="/staff" end>{t("backOffice.overview")}</NavLink>
          <NavLink to="/staff/orders">{t("backOffice.orders")}</NavLink>
          <NavLink to="/staff/reviews">{t("backOffice.reviews")}</NavLink>
          <NavLink to="/staff/shipments">{t("backOffice.shipments")}</NavLink>
          <NavLink to="/staff/reports">{t("backOffice.reports")}</NavLink>
          {isAdmin ? <NavLink to="/staff/users">{t("backOffice.users")}</NavLink> : null}
          <NavLink to="/staff/synonyms">{t("backOffice.synonyms")}</NavLink>
          <NavLink to="/staff/audit">{t("backOffice.audit")}</NavLink>
        </nav>
      </div>
      <div className="portal__body">
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
