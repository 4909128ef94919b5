import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/ui/field";
import { HoneypotField } from "~/components/ui/honeypot";
import { recordAuditEvent } from "~/models/audit.server";
import { consumeRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import { createUser } from "~/models/user.server";
import accountStyles from "~/styles/account.css";
import { signupSchema } from "~/utils/account-forms.server";
import { fieldErrors } from "~/utils/form-errors.server";
import { accountPageHeaders, getOptionalUser, homePathFor } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { checkHoneypot, honeypotFilled } from "~/utils/honeypot.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { safeRedirect } from "~/utils/redirect";
import { startSession } from "~/utils/session.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const headers = accountPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirect(redirectTo, homePathFor(user)));
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "account");
  return json({ title: `${t("signup.title")} · ${t("brand.name", { ns: "common" })}`, redirectTo: safeRedirect(redirectTo, "") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (honeypotFilled(formData)) await recordAuditEvent(db(), { kind: "honeypot.triggered", ip: context.clientAddress, data: { form: "signup" } });
  checkHoneypot(formData);

  const values = { name: String(formData.get("name") ?? "").slice(0, 100), email: String(formData.get("email") ?? "").slice(0, 254) };
  const limit = await consumeRateLimit(db(), { key: `signup:ip:${context.clientAddress}`, ...RATE_LIMITS.signupPerAddress });
  if (!limit.allowed) {
    await recordAuditEvent(db(), { kind: "signup.rate_limited", ip: context.clientAddress });
    return json(
      { errors: { form: "tooManyAttempts" } as Record<string, string>, values, retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }

  const parsed = signupSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error), values, retryAfterMinutes: 0 }, { status: 400 });

  const { name, email, password, redirectTo } = parsed.data;
  const locale = await getLocale(request);
  const created = await createUser(db(), { email, password, name, locale });
  if (!created) {
    // Says only that this address cannot be used here, not whose it is or how it is used.
    return json({ errors: { email: "emailTaken" } as Record<string, string>, values, retryAfterMinutes: 0 }, { status: 400 });
  }
  const { setCookie } = await startSession(request, { userId: created.id, userAgent: request.headers.get("User-Agent"), ip: context.clientAddress });
  await recordAuditEvent(db(), { kind: "signup", actorUserId: created.id, subjectUserId: created.id, ip: context.clientAddress });
  return redirect(safeRedirect(redirectTo, "/account"), { headers: { "Set-Cookie": setCookie } });
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.errors ?? {};
  const message = (key: string | undefined) => (key ? t(`errors.${key}`, { minutes: actionData?.retryAfterMinutes ?? 0 }) : null);
  const loginHref = redirectTo ? `/login?${new URLSearchParams({ redirectTo })}` : "/login";
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
        <Field
          label={t("fields.password")}
          hint={t("fields.passwordHint")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          error={message(errors.password)}
        />
        <button type="submit" disabled={busy}>{t("signup.submit")}</button>
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
