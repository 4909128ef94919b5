import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, NewPasswordField, SubmitButton } from "~/components/forms";
import { localized, type Locale } from "~/i18n";
import { recordAuditEvent } from "~/models/audit.server";
import { acceptInvitation, findOpenInvitation } from "~/models/invitation.server";
import { consumeRateLimit, RATE_LIMITS } from "~/models/rate-limit.server";
import accountStyles from "~/styles/account.css";
import {
  invitationExistingAccountSchema as existingAccountSchema,
  invitationNewAccountSchema as newAccountSchema,
  invitationParamsSchema as paramsSchema,
} from "~/utils/account-forms.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { accountPageHeaders } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getLocale } from "~/utils/i18n.server";
import { startSession } from "~/services/session.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

// The token is in the address: never send it anywhere as a Referer, never cache the page.
export const headers: HeadersFunction = (args) => {
  const headers = accountPageHeaders(args);
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("Cache-Control", "no-store");
  return headers;
};

export async function loader({ params }: LoaderFunctionArgs) {
  const { token } = paramsSchema.parse(params);
  const invitation = await findOpenInvitation(db(), { token });
  if (!invitation) return json({ invitation: null }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return json(
    { invitation: { email: invitation.email, existingAccount: invitation.existingAccount, cooperative: invitation.cooperative } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { token } = paramsSchema.parse(params);
  const limit = await consumeRateLimit(db(), { key: `invitation:ip:${context.clientAddress}`, ...RATE_LIMITS.invitationPerAddress });
  if (!limit.allowed) {
    await recordAuditEvent(db(), { kind: "invitation.rate_limited", ip: context.clientAddress });
    return json(
      { errors: { form: "tooManyAttempts" } as FieldErrors, name: "", retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const invitation = await findOpenInvitation(db(), { token });
  if (!invitation) return json({ errors: { form: "invalid" } as FieldErrors, name: "", retryAfterMinutes: 0 }, { status: 404 });

  const formData = await readForm(request);
  const name = String(formData.get("name") ?? "").slice(0, 100);
  let password: string;
  let newName: string | undefined;
  if (invitation.existingAccount) {
    const parsed = parseForm(existingAccountSchema, formData);
    if (!parsed.ok) return json({ errors: parsed.errors, name, retryAfterMinutes: 0 }, { status: 400 });
    password = parsed.data.password;
  } else {
    const parsed = parseForm(newAccountSchema, formData);
    if (!parsed.ok) return json({ errors: parsed.errors, name, retryAfterMinutes: 0 }, { status: 400 });
    password = parsed.data.password;
    newName = parsed.data.name;
  }

  const result = await acceptInvitation(db(), {
    token,
    name: newName,
    password,
    locale: await getLocale(request),
    ip: context.clientAddress,
  });
  if (!result.ok) {
    const errors: FieldErrors =
      result.error === "wrong_password" ? { password: "currentPasswordWrong" } : result.error === "disabled" ? { form: "disabled" } : { form: "invalid" };
    return json({ errors, name, retryAfterMinutes: 0 }, { status: result.error === "invalid" ? 404 : 400 });
  }
  const { setCookie } = await startSession(request, {
    userId: result.userId,
    activeCooperativeId: result.cooperativeId,
    userAgent: request.headers.get("User-Agent"),
    ip: context.clientAddress,
  });
  await recordAuditEvent(db(), { kind: "login.success", actorUserId: result.userId, subjectUserId: result.userId, ip: context.clientAddress, data: { via: "invitation" } });
  return redirect("/coop", { headers: { "Set-Cookie": setCookie } });
}

export default function InvitationPage() {
  const { invitation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("account");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;

  if (!invitation || actionData?.errors.form === "invalid") {
    return (
      <section className="auth-card card" aria-labelledby="invitation-title">
        <h1 id="invitation-title">{t("invitation.invalidTitle")}</h1>
        <p>{t("invitation.invalidBody")}</p>
      </section>
    );
  }
  const cooperative = localized(invitation.cooperative, "name", locale);
  const errors = actionData?.errors ?? {};
  const formError =
    errors.form === "disabled" ? t("invitation.disabled") : errors.form === "tooManyAttempts" ? t("errors.tooManyAttempts", { minutes: actionData?.retryAfterMinutes ?? 0 }) : null;
  const message = (key: string | undefined) => (key ? t(`errors.${key}`) : null);
  return (
    <section className="auth-card card" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("invitation.title", { cooperative })}</h1>
      <p>{t("invitation.intro", { cooperative, email: invitation.email })}</p>
      <p className="muted">{invitation.existingAccount ? t("invitation.existingAccount") : t("invitation.newAccount")}</p>
      {formError ? <p className="notice notice--error" role="alert">{formError}</p> : null}
      <Form method="post">
        <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        {invitation.existingAccount ? (
          <Field label={t("fields.password")} name="password" type="password" autoComplete="current-password" required error={message(errors.password)} />
        ) : (
          <>
            <Field label={t("fields.name")} hint={t("fields.nameHint")} name="name" autoComplete="name" required maxLength={100} defaultValue={actionData?.name ?? ""} error={message(errors.name)} />
            <NewPasswordField label={t("fields.password")} hint={t("fields.passwordHint")} error={message(errors.password)} />
          </>
        )}
        <SubmitButton>{t("invitation.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
