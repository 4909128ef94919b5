import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, HoneypotField, NewPasswordField, SubmitButton } from "~/components/forms";
import { recordAuditEvent } from "~/models/audit.server";
import { consumeRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { completeSignup, findSignupRequest } from "~/models/signup-request.server";
import { requestSignup } from "~/services/signup.server";
import accountStyles from "~/styles/account.css";
import { signupConfirmSchema, signupSchema } from "~/utils/account-forms.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { accountPageHeaders, getOptionalUser, homePathFor } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { checkHoneypot, honeypotFilled } from "~/utils/honeypot.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { localPath, safeRedirect } from "~/utils/redirect";
import { startSession } from "~/services/session.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const headers = accountPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = url.searchParams.get("redirectTo");
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirect(redirectTo, homePathFor(user)));
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "account");
  const title = `${t("signup.title")} · ${t("brand.name", { ns: "common" })}`;
  // The link from the confirmation e-mail: a button finishes, so that a mail scanner opening the link makes nothing.
  const token = url.searchParams.get("token");
  const pending = token ? await findSignupRequest(db(), { token }) : undefined;
  const confirm = token ? { token: pending ? token : null, email: pending?.email ?? null } : null;
  return json({ title, redirectTo: safeRedirect(redirectTo, ""), confirm }, { headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (honeypotFilled(formData)) await recordAuditEvent(db(), { kind: "honeypot.triggered", ip: context.clientAddress, data: { form: "signup" } });
  checkHoneypot(formData);

  if (formData.get("intent") === "confirm") return confirmSignup(request, formData, context.clientAddress);

  const values = { name: String(formData.get("name") ?? "").slice(0, 100), email: String(formData.get("email") ?? "").slice(0, 254) };
  const limit = await consumeRateLimit(db(), { key: `signup:ip:${context.clientAddress}`, ...RATE_LIMITS.signupPerAddress });
  if (!limit.allowed) {
    await recordAuditEvent(db(), { kind: "signup.rate_limited", ip: context.clientAddress });
    return json(
      { errors: { form: "tooManyAttempts" } as FieldErrors, values, retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }

  const parsed = parseForm(signupSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values, retryAfterMinutes: 0 }, { status: 400 });

  const { name, email, password, redirectTo } = parsed.data;
  const locale = await getLocale(request);
  // The same answer whether or not the address has an account (its owner is told by e-mail).
  await requestSignup(db(), { name, email, password, locale, redirectTo: localPath(redirectTo) });
  await recordAuditEvent(db(), { kind: "signup.requested", ip: context.clientAddress });
  return json({ sent: true as const, errors: {} as FieldErrors, values: { name: "", email: values.email }, retryAfterMinutes: 0 });
}

/** The button on the page the confirmation link opens: makes the account and signs it in. */
async function confirmSignup(request: Request, formData: FormData, clientAddress: string) {
  const parsed = parseForm(signupConfirmSchema, formData);
  const completed = parsed.ok ? await completeSignup(db(), { token: parsed.data.token }) : { ok: false as const };
  if (!completed.ok) {
    return json({ errors: { form: "signupLinkInvalid" } as FieldErrors, values: { name: "", email: "" }, retryAfterMinutes: 0 }, { status: 400 });
  }
  const { setCookie } = await startSession(request, { userId: completed.userId, userAgent: request.headers.get("User-Agent"), ip: clientAddress });
  await recordAuditEvent(db(), { kind: "signup", actorUserId: completed.userId, subjectUserId: completed.userId, ip: clientAddress });
  return redirect(safeRedirect(completed.redirectTo, "/account"), { headers: { "Set-Cookie": setCookie } });
}

export default function SignupPage() {
  const { redirectTo, confirm } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const errors = actionData?.errors ?? {};
  const message = (key: string | undefined) => (key ? t(`errors.${key}`, { minutes: actionData?.retryAfterMinutes ?? 0 }) : null);
  const loginHref = redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login";
  if (actionData && "sent" in actionData) {
    return (
      <section className="auth-card card" aria-labelledby="signup-title">
        <h1 id="signup-title">{t("signup.sent.title")}</h1>
        <p role="status">{t("signup.sent.body", { email: actionData.values.email })}</p>
        <p className="muted">{t("signup.sent.hint")}</p>
      </section>
    );
  }
  if (confirm) {
    return (
      <section className="auth-card card" aria-labelledby="signup-title">
        <h1 id="signup-title">{t("signup.confirm.title")}</h1>
        {confirm.token && !errors.form ? (
          <>
            <p>{t("signup.confirm.intro", { email: confirm.email })}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="token" value={confirm.token} />
              <SubmitButton>{t("signup.confirm.submit")}</SubmitButton>
            </Form>
          </>
        ) : (
          <p className="notice notice--error" role="alert">{t("errors.signupLinkInvalid")}</p>
        )}
        <p className="auth-card__alt">
          <Link to="/signup">{t("signup.confirm.again")}</Link> · <Link to="/login">{t("signup.loginLink")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-card card" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="muted">{t("signup.intro")}</p>
      {errors.form ? <p className="notice notice--error" role="alert">{message(errors.form)}</p> : null}
      <Form method="post">
        <HoneypotField />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field label={t("fields.name")} hint={t("fields.nameHint")} name="name" autoComplete="name" required maxLength={100} defaultValue={actionData?.values.name ?? ""} error={message(errors.name)} />
        <Field
          label={t("fields.email")}
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
          defaultValue={actionData?.values.email ?? ""}
          error={message(errors.email)}
        />
        <NewPasswordField label={t("fields.password")} hint={t("fields.passwordHint")} error={message(errors.password)} />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="auth-card__alt">
        {t("signup.haveAccount")} <Link to={loginHref}>{t("signup.loginLink")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
