import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalShell, type PortalLink } from "~/components/layout/portal-shell";
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
  const { t: tMoney } = useTranslation("money");
  const { t: tBookings } = useTranslation("staffBookings");
  const links: PortalLink[] = [
    { to: "/staff", label: t("backOffice.overview"), end: true },
    { to: "/staff/orders", label: t("backOffice.orders") },
    { to: "/staff/reviews", label: t("backOffice.reviews") },
    { to: "/staff/shipments", label: t("backOffice.shipments") },
    { to: "/staff/reports", label: t("backOffice.reports") },
    { to: "/staff/settlements", label: tMoney("nav.settlements") },
    { to: "/staff/payouts", label: tMoney("nav.payouts") },
    ...(isAdmin ? [{ to: "/staff/users", label: t("backOffice.users") }] : []),
    { to: "/staff/synonyms", label: t("backOffice.synonyms") },
    { to: "/staff/audit", label: t("backOffice.audit") },
    { to: "/staff/product-reviews", label: t("backOffice.productReviews") },
    { to: "/staff/bookings", label: tBookings("nav") },
  ];
  return <PortalShell variant="staff" titleId="back-office-title" title={t("backOffice.title")} links={links} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
