import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import accountStyles from "~/styles/account.css";
import { accountPageHeaders, isStaff, requireUser } from "~/services/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const headers = accountPageHeaders;

// Child routes (account.orders, …) call requireUser in their own loaders too: loaders run
// in parallel, so this layout's check does not guard their data.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json(
    { name: user.name, email: user.email, isMember: user.cooperatives.length > 0, isStaff: isStaff(user) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function AccountLayout() {
  const { isMember, isStaff: staff } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <div className="account-layout">
      <nav className="account-nav" aria-label={t("nav.label")}>
        <NavLink to="/account" end>{t("nav.profile")}</NavLink>
        <NavLink to="/account/orders">{t("nav.orders")}</NavLink>
        <NavLink to="/account/reviews">{t("nav.reviews")}</NavLink>
        {isMember ? <NavLink to="/coop">{t("nav.coop")}</NavLink> : null}
        {staff ? <NavLink to="/staff">{t("nav.staff")}</NavLink> : null}
        <Form method="post" action="/logout" className="account-nav__logout">
          <button type="submit" className="button--ghost">{t("nav.logout")}</button>
        </Form>
      </nav>
      <div className="account-layout__body">
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
