import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAuditEvent } from "~/models/audit.server";
import accountStyles from "~/styles/account.css";
import { getCurrentSession, homePathFor } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { endSession } from "~/services/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

// A GET never logs anyone out (a link or an <img> on another site could trigger it);
// it shows a button that POSTs here.
export async function loader({ request }: LoaderFunctionArgs) {
  const current = await getCurrentSession(request);
  if (!current) throw redirect("/");
  const t = await getFixedT(await getLocale(request), "account");
  return json({ title: t("logout.title"), home: homePathFor(current.user) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await getCurrentSession(request);
  const setCookie = await endSession(request);
  if (current) await recordAuditEvent(db(), { kind: "logout", actorUserId: current.user.id, subjectUserId: current.user.id, ip: context.clientAddress });
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export default function LogoutPage() {
  const { home } = useLoaderData<typeof loader>();
  const { t } = useTranslation("account");
  return (
    <section className="auth-card card" aria-labelledby="logout-title">
      <h1 id="logout-title">{t("logout.title")}</h1>
      <p>{t("logout.confirm")}</p>
      <Form method="post" className="auth-card__actions">
        <button type="submit">{t("logout.submit")}</button>
        <Link to={home} className="button button--ghost">{t("logout.cancel")}</Link>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
