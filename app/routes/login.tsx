import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SubmitButton } from "~/components/forms";
import { HoneypotField } from "~/components/forms";
import { recordAuditEvent } from "~/models/audit.server";
import accountStyles from "~/styles/account.css";
import { loginSchema } from "~/utils/account-forms.server";
import { accountPageHeaders, attemptLogin, getOptionalUser, homePathFor } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { checkHoneypot, honeypotFilled } from "~/utils/honeypot.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { safeRedirect } from "~/utils/redirect";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const headers = accountPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirect(redirectTo, homePathFor(user)));
  const t = await getFixedT(await getLocale(request), "account");
  return json({ title: `${t("login.title")} · ${t("brand.name", { ns: "common" })}`, redirectTo: safeRedirect(redirectTo, "") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (honeypotFilled(formData)) await recordAuditEvent(db(), { kind: "honeypot.triggered", ip: context.clientAddress, data: { form: "login" } });
  checkHoneypot(formData);
  const parsed = parseForm(loginSchema, formData);
  const typedEmail = String(formData.get("email") ?? "").slice(0, 254);
  if (!parsed.ok) return json({ error: "loginFailed" as const, email: typedEmail, retryAfterMinutes: 0 }, { status: 400 });

  const { email, password, redirectTo } = parsed.data;
  const attempt = await attemptLogin(request, { email, password, clientAddress: context.clientAddress });
  if (!attempt.ok && attempt.error === "rate_limited") {
    const seconds = attempt.limit.retryAfterSeconds;
    return json(
      { error: "tooManyAttempts" as const, email: typedEmail, retryAfterMinutes: Math.ceil(seconds / 60) },
      { status: 429, headers: { "Retry-After": String(seconds) } },
    );
  }
  if (!attempt.ok) return json({ error: "loginFailed" as const, email: typedEmail, retryAfterMinutes: 0 }, { status: 400 });
  return redirect(safeRedirect(redirectTo, homePathFor(attempt.user)), { headers: { "Set-Cookie": attempt.setCookie } });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const error =
    actionData?.error === "tooManyAttempts"
      ? t("errors.tooManyAttempts", { minutes: actionData.retryAfterMinutes })
      : actionData?.error === "loginFailed"
        ? t("errors.loginFailed")
        : null;
  const signupHref = redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : "/signup";
  return (
    <section className="auth-card card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <p className="muted">{t("login.intro")}</p>
      {error ? (
        <p className="notice notice--error" role="alert" id="login-error">{error}</p>
      ) : null}
      <Form method="post">
        <HoneypotField />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field
          label={t("fields.email")}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          maxLength={254}
          defaultValue={actionData?.email ?? ""}
          aria-describedby={error ? "login-error" : undefined}
        />
        <Field label={t("fields.password")} name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p className="auth-card__alt">
        {t("login.noAccount")} <Link to={signupHref}>{t("login.signupLink")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
