import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalShell, type PortalLink } from "~/components/layout/portal-shell";
import { localized, type Locale } from "~/i18n";
import accountStyles from "~/styles/account.css";
import { cooperativeSwitchSchema } from "~/utils/account-forms.server";
import { accountPageHeaders, requireCooperative, switchCooperative } from "~/services/auth.server";
import { safeRedirect } from "~/utils/redirect";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const headers = accountPageHeaders;

// Every /coop/* page sits under this layout, but each child loader and action calls
// requireCooperative itself (loaders run in parallel) and scopes its queries to the
// cooperative it returns.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  return json({ cooperative, memberships: user.cooperatives }, { headers: { "Cache-Control": "private, no-store" } });
}

/** POST /coop: `intent=switch` makes another of the user's own cooperatives the active one. */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireCooperative(request);
  const parsed = cooperativeSwitchSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  // switchCooperative refuses (403) a cooperative the user does not belong to.
  await switchCooperative(request, parsed.data.cooperativeId, context.clientAddress);
  const back = safeRedirect(parsed.data.redirectTo, "/coop");
  return redirect(back.startsWith("/coop") ? back : "/coop");
}

export default function CoopLayout() {
  const { cooperative, memberships } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["account", "households", "money", "coopStays"]);
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const location = useLocation();
  const links: PortalLink[] = [
    { to: "/coop", label: t("portal.overview"), end: true },
    { to: "/coop/products", label: t("portal.products") },
    { to: "/coop/brands", label: t("portal.brands") },
    { to: "/coop/certifications", label: t("portal.certifications") },
    { to: "/coop/batches", label: t("portal.batches") },
    { to: "/coop/orders", label: t("portal.orders") },
    { to: "/coop/reviews", label: t("portal.reviews") },
    { to: "/coop/statements", label: t("money:nav.statements") },
    { to: "/coop/bank-account", label: t("money:nav.bankAccount") },
    { to: "/coop/households", label: t("households:nav.households") },
    { to: "/coop/dividends", label: t("households:nav.dividends") },
    { to: "/coop/stays", label: t("coopStays:nav.stays") },
    { to: "/coop/bookings", label: t("coopStays:nav.bookings") },
  ];
  return (
    <PortalShell variant="coop" titleId="coop-portal-title" title={t("portal.title")} links={links}>
      <p className="portal__context">
        {t("portal.actingFor")}: <strong data-testid="active-cooperative">{localized(cooperative, "name", locale)}</strong>{" "}
        <span className="badge badge--muted">{t(`portal.roles.${cooperative.role}`)}</span>
      </p>
      {memberships.length > 1 ? (
        <Form method="post" action="/coop" className="portal__switch">
          <input type="hidden" name="intent" value="switch" />
          <input type="hidden" name="redirectTo" value={location.pathname} />
          <label htmlFor="coop-switch">{t("portal.switchLabel")}</label>
          <select id="coop-switch" name="cooperativeId" defaultValue={cooperative.id}>
            {memberships.map((m) => (
              <option key={m.id} value={m.id}>{localized(m, "name", locale)}</option>
            ))}
          </select>
          <button type="submit" className="button--ghost">{t("portal.switchSubmit")}</button>
        </Form>
      ) : null}
    </PortalShell>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
