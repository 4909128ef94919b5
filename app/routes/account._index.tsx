import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, NewPasswordField, SelectField, SubmitButton } from "~/components/forms";
import { recordAuditEvent } from "~/models/audit.server";
import { getProfile, updateProfile } from "~/models/user.server";
import { passwordChangeSchema, profileSchema } from "~/utils/account-forms.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { accountPageHeaders, changePassword, requireSession, requireUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale, localeCookie } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export const headers = accountPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const profile = await getProfile(db(), { userId: user.id });
  if (!profile) throw notFound();
  const t = await getFixedT(await getLocale(request), "account");
  return json(
    { title: t("profile.title"), profile: { email: profile.email, name: profile.name, phone: profile.phone ?? "", locale: profile.locale } },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionResult =
  | { intent: "profile"; ok: boolean; errors: FieldErrors; values: { name: string; phone: string; locale: string } }
  | { intent: "password"; ok: boolean; errors: FieldErrors; retryAfterMinutes?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const current = await requireSession(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === "profile") {
    const values = { name: String(formData.get("name") ?? ""), phone: String(formData.get("phone") ?? ""), locale: String(formData.get("locale") ?? "") };
    const parsed = parseForm(profileSchema, formData);
    if (!parsed.ok) return json<ActionResult>({ intent, ok: false, errors: parsed.errors, values }, { status: 400 });
    const { name, locale, phone } = parsed.data;
    await updateProfile(db(), { userId: current.user.id, name, locale, phone });
    await recordAuditEvent(db(), { kind: "profile.updated", actorUserId: current.user.id, subjectUserId: current.user.id, ip: context.clientAddress });
    // The chosen language is also the one the site is shown in from now on.
    return json<ActionResult>(
      { intent, ok: true, errors: {}, values: { name, phone: phone ?? "", locale } },
      { headers: { "Set-Cookie": await localeCookie.serialize(locale) } },
    );
  }

  if (intent === "password") {
    const parsed = parseForm(passwordChangeSchema, formData);
    if (!parsed.ok) return json<ActionResult>({ intent, ok: false, errors: parsed.errors }, { status: 400 });
    const result = await changePassword(current, { ...parsed.data, clientAddress: context.clientAddress });
    if (result.ok) return json<ActionResult>({ intent, ok: true, errors: {} });
    if (result.error === "rate_limited") {
      const seconds = result.limit.retryAfterSeconds;
      return json<ActionResult>(
        { intent, ok: false, errors: { form: "tooManyAttempts" }, retryAfterMinutes: Math.ceil(seconds / 60) },
        { status: 429, headers: { "Retry-After": String(seconds) } },
      );
    }
    const field = result.error === "samePassword" ? "newPassword" : "currentPassword";
    return json<ActionResult>({ intent, ok: false, errors: { [field]: result.error } }, { status: 400 });
  }

  throw json({ error: "unknown_intent" }, { status: 400 });
}

export default function ProfilePage() {
  const { profile } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("account");

  const profileResult = actionData?.intent === "profile" ? actionData : null;
  const passwordResult = actionData?.intent === "password" ? actionData : null;
  const message = (key: string | undefined, minutes = 0) => (key ? t(`errors.${key}`, { minutes }) : null);
  const values = profileResult?.values ?? profile;

  return (
    <div className="stack">
      <h1>{t("profile.title")}</h1>
      <p className="muted">{t("profile.signedInAs", { email: profile.email })}</p>

      <section className="card" aria-labelledby="profile-details-title">
        <h2 id="profile-details-title">{t("profile.detailsTitle")}</h2>
        {profileResult?.ok ? <p className="notice" role="status">{t("profile.saved")}</p> : null}
        {profileResult && !profileResult.ok ? <p className="notice notice--error" role="alert">{t("errors.formInvalid")}</p> : null}
        {/* Re-mounted after a save so the inputs show the stored (normalised) values. */}
        <Form method="post" key={profileResult?.ok ? JSON.stringify(profileResult.values) : "profile"}>
          <input type="hidden" name="intent" value="profile" />
          <Field label={t("fields.name")} hint={t("fields.nameHint")} name="name" autoComplete="name" required maxLength={100} defaultValue={values.name} error={message(profileResult?.errors.name)} />
          <Field
            label={t("fields.phone")}
            hint={t("fields.phoneHint")}
            name="phone"
            type="tel"
            autoComplete="tel-national"
            inputMode="tel"
            maxLength={20}
            defaultValue={values.phone}
            error={message(profileResult?.errors.phone)}
          />
          <SelectField label={t("fields.locale")} name="locale" defaultValue={values.locale} error={message(profileResult?.errors.locale)}>
            <option value="zh">{t("locales.zh")}</option>
            <option value="en">{t("locales.en")}</option>
          </SelectField>
          <SubmitButton intent="profile">{t("profile.save")}</SubmitButton>
        </Form>
      </section>

      <section className="card" aria-labelledby="profile-password-title">
        <h2 id="profile-password-title">{t("profile.passwordTitle")}</h2>
        <p className="muted">{t("profile.passwordIntro")}</p>
        {passwordResult?.ok ? <p className="notice" role="status">{t("profile.passwordChanged")}</p> : null}
        {passwordResult?.errors.form ? (
          <p className="notice notice--error" role="alert">{message(passwordResult.errors.form, passwordResult.retryAfterMinutes)}</p>
        ) : null}
        {/* A fresh form after a change, so the browser does not keep the typed passwords. */}
        <Form method="post" key={passwordResult?.ok ? "changed" : "form"}>
          <input type="hidden" name="intent" value="password" />
          {/* Lets password managers tie the new password to the right account. */}
          <input type="email" name="username" autoComplete="username" value={profile.email} readOnly hidden />
          <Field label={t("fields.currentPassword")} name="currentPassword" type="password" autoComplete="current-password" required error={message(passwordResult?.errors.currentPassword)} />
          <NewPasswordField label={t("fields.newPassword")} hint={t("fields.passwordHint")} name="newPassword" error={message(passwordResult?.errors.newPassword)} />
          <SubmitButton intent="password">{t("profile.passwordSubmit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
