import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, NewPasswordField, SelectField, SubmitButton } from "~/components/forms";
import { localized, type Locale } from "~/i18n";
import { createInvitation, listCooperativeChoices } from "~/models/invitation.server";
import { createStaffAccount, listUsers, removeMembership, setUserDisabled, setUserRole } from "~/models/user.server";
import { USER_ADMIN_INTENTS, userAdminSchema, userSearchSchema } from "~/utils/account-forms.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { requireAdmin } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";
import { ScrollBox } from "~/components/scroll-box";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { q } = userSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [users, cooperatives] = await Promise.all([listUsers(db(), { emailQuery: q, limit: 100 }), listCooperativeChoices(db())]);
  const t = await getFixedT(await getLocale(request), "admin");
  return json(
    { title: t("users.title"), adminId: admin.id, users, cooperatives },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionResult = {
  intent: string;
  ok: boolean;
  errors: FieldErrors;
  email?: string;
  invitationUrl?: string;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const formData = await readForm(request);
  const rawIntent = String(formData.get("intent") ?? "");
  const parsed = parseForm(userAdminSchema, formData);
  if (!parsed.ok) {
    if (!(USER_ADMIN_INTENTS as readonly string[]).includes(rawIntent)) {
      throw json({ error: "unknown_intent" }, { status: 400 });
    }
    return json<ActionResult>({ intent: rawIntent, ok: false, errors: parsed.errors }, { status: 400 });
  }
  const input = parsed.data;
  const actor = { actorUserId: admin.id, ip: context.clientAddress };
  // An admin cannot lock themselves out or demote themselves by accident.
  if ("userId" in input && input.userId === admin.id && input.intent !== "remove-membership") {
    return json<ActionResult>({ intent: input.intent, ok: false, errors: { form: "notYourself" } }, { status: 400 });
  }

  switch (input.intent) {
    case "create-staff": {
      const created = await createStaffAccount(db(), { ...input, ...actor });
      if (!created) return json<ActionResult>({ intent: input.intent, ok: false, errors: { email: "emailTaken" } }, { status: 400 });
      return json<ActionResult>({ intent: input.intent, ok: true, errors: {}, email: input.email });
    }
    case "set-role":
      await setUserRole(db(), { userId: input.userId, role: input.role, ...actor });
      return json<ActionResult>({ intent: input.intent, ok: true, errors: {} });
    case "disable":
    case "enable":
      await setUserDisabled(db(), { userId: input.userId, disabled: input.intent === "disable", ...actor });
      return json<ActionResult>({ intent: input.intent, ok: true, errors: {} });
    case "remove-membership":
      await removeMembership(db(), { userId: input.userId, cooperativeId: input.cooperativeId, ...actor });
      return json<ActionResult>({ intent: input.intent, ok: true, errors: {} });
    case "invite": {
      const invitation = await createInvitation(db(), {
        cooperativeId: input.cooperativeId,
        email: input.email,
        locale: input.locale,
        invitedBy: admin.id,
        baseUrl: getEnv().publicUrl,
        ip: context.clientAddress,
      });
      if (!invitation) return json<ActionResult>({ intent: input.intent, ok: false, errors: { cooperativeId: "unknownCooperative" } }, { status: 400 });
      return json<ActionResult>({ intent: input.intent, ok: true, errors: {}, email: input.email, invitationUrl: invitation.url });
    }
  }
}

export default function StaffUsersPage() {
  const { adminId, users, cooperatives } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // The account namespace too: its labels are used through `ns` and must reach the browser before hydration.
  const { t, i18n } = useTranslation(["admin", "account"]);
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : null);
  // Field errors use the account form messages; admin-specific ones live under users.errors.
  const message = (key: string | undefined) => (key ? t(`users.errors.${key}`, { defaultValue: t(`errors.${key}`, { ns: "account" }) }) : null);
  const create = resultFor("create-staff");
  const invite = resultFor("invite");
  const rowError = actionData && !actionData.ok && ["set-role", "disable", "enable", "remove-membership"].includes(actionData.intent) ? actionData : null;

  return (
    <div className="stack">
      <h1>{t("users.title")}</h1>

      <Form method="get" className="inline-form" role="search">
        <Field label={t("users.searchLabel")} name="q" type="search" defaultValue={searchParams.get("q") ?? ""} maxLength={254} />
        <button type="submit">{t("users.searchSubmit")}</button>
      </Form>

      {actionData?.ok && ["set-role", "disable", "enable", "remove-membership"].includes(actionData.intent) ? (
        <p className="notice" role="status">{t("users.updated")}</p>
      ) : null}
      {rowError ? <p className="notice notice--error" role="alert">{message(Object.values(rowError.errors)[0])}</p> : null}

      {users.length === 0 ? (
        <p>{t("users.empty")}</p>
      ) : (
        <ScrollBox>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("users.columns.email")}</th>
                <th scope="col">{t("users.columns.name")}</th>
                <th scope="col">{t("users.columns.role")}</th>
                <th scope="col">{t("users.columns.cooperatives")}</th>
                <th scope="col">{t("users.columns.status")}</th>
                <th scope="col">{t("users.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const self = user.id === adminId;
                return (
                  <tr key={user.id} data-testid={`user-${user.email}`}>
                    <td>
                      {user.email}
                      {self ? <span className="muted"> ({t("users.you")})</span> : null}
                    </td>
                    <td>{user.name}</td>
                    <td>
                      {self ? (
                        t(`roles.${user.role}`)
                      ) : (
                        <Form method="post" className="inline-form inline-form--compact">
                          <input type="hidden" name="intent" value="set-role" />
                          <input type="hidden" name="userId" value={user.id} />
                          <label className="visually-hidden" htmlFor={`role-${user.id}`}>{t("users.roleFor", { email: user.email })}</label>
                          <select id={`role-${user.id}`} name="role" defaultValue={user.role}>
                            <option value="shopper">{t("roles.shopper")}</option>
                            <option value="staff">{t("roles.staff")}</option>
                            <option value="admin">{t("roles.admin")}</option>
                          </select>
                          <SubmitButton className="button--ghost">{t("users.changeRole")}</SubmitButton>
                        </Form>
                      )}
                    </td>
                    <td>
                      <ul className="plain-list">
                        {user.cooperatives.map((c) => (
                          <li key={c.id}>
                            {localized(c, "name", locale)} <span className="badge badge--muted">{t(`portal.roles.${c.role}`, { ns: "account" })}</span>
                            <Form method="post" className="inline-form inline-form--compact">
                              <input type="hidden" name="intent" value="remove-membership" />
                              <input type="hidden" name="userId" value={user.id} />
                              <input type="hidden" name="cooperativeId" value={c.id} />
                              <SubmitButton className="button--ghost">
                                {t("users.removeMembership", { cooperative: localized(c, "name", locale) })}
                              </SubmitButton>
                            </Form>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {user.disabled_at ? <span className="badge badge--danger">{t("users.disabled")}</span> : <span className="badge">{t("users.active")}</span>}
                    </td>
                    <td>
                      {self ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value={user.disabled_at ? "enable" : "disable"} />
                          <input type="hidden" name="userId" value={user.id} />
                          <SubmitButton className={user.disabled_at ? "button--ghost" : "button--danger"} aria-label={`${user.disabled_at ? t("users.enable") : t("users.disable")} ${user.email}`}>
                            {user.disabled_at ? t("users.enable") : t("users.disable")}
                          </SubmitButton>
                        </Form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}

      <div className="admin-forms">
        <section className="card" aria-labelledby="create-staff-title">
          <h2 id="create-staff-title">{t("users.createTitle")}</h2>
          <p className="muted">{t("users.createIntro")}</p>
          {create?.ok ? <p className="notice" role="status">{t("users.created", { email: create.email })}</p> : null}
          <Form method="post" key={create?.ok ? `created-${create.email}` : "create"}>
            <input type="hidden" name="intent" value="create-staff" />
            <Field label={t("fields.email", { ns: "account" })} name="email" type="email" autoComplete="off" required maxLength={254} error={message(create?.errors.email)} />
            <Field label={t("fields.name", { ns: "account" })} name="name" autoComplete="off" required maxLength={100} error={message(create?.errors.name)} />
            <SelectField label={t("users.role")} name="role" defaultValue="staff" error={message(create?.errors.role)}>
              <option value="staff">{t("roles.staff")}</option>
              <option value="admin">{t("roles.admin")}</option>
            </SelectField>
            <NewPasswordField label={t("users.initialPassword")} hint={t("fields.passwordHint", { ns: "account" })} error={message(create?.errors.password)} />
            <SubmitButton>{t("users.createSubmit")}</SubmitButton>
          </Form>
        </section>

        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("users.inviteTitle")}</h2>
          <p className="muted">{t("users.inviteIntro")}</p>
          {invite?.ok && invite.invitationUrl ? (
            <div className="notice" role="status">
              <p>{t("users.invited", { email: invite.email })}</p>
              <p>
                <code className="invitation-link" data-testid="invitation-url">{invite.invitationUrl}</code>
              </p>
            </div>
          ) : null}
          <Form method="post" key={invite?.ok ? `invited-${invite.invitationUrl}` : "invite"}>
            <input type="hidden" name="intent" value="invite" />
            <Field label={t("fields.email", { ns: "account" })} name="email" type="email" autoComplete="off" required maxLength={254} error={message(invite?.errors.email)} />
            <SelectField label={t("users.cooperative")} name="cooperativeId" required defaultValue="" error={message(invite?.errors.cooperativeId)}>
              <option value="" disabled>—</option>
              {cooperatives.map((c) => (
                <option key={c.id} value={c.id}>{localized(c, "name", locale)}</option>
              ))}
            </SelectField>
            <SelectField label={t("users.inviteLocale")} name="locale" defaultValue={locale} error={message(invite?.errors.locale)}>
              <option value="zh">{t("locales.zh", { ns: "account" })}</option>
              <option value="en">{t("locales.en", { ns: "account" })}</option>
            </SelectField>
            <SubmitButton>{t("users.inviteSubmit")}</SubmitButton>
          </Form>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
