import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import { type Locale } from "~/i18n";
import { listAuditEvents } from "~/models/audit.server";
import { AUDIT_KINDS } from "~/utils/audit-kinds";
import { auditSearchSchema } from "~/utils/account-forms.server";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { ScrollBox } from "~/components/scroll-box";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { kind, email, before } = auditSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAuditEvents(db(), { kind, email: email || undefined, before, limit: PAGE_SIZE + 1 });
  const events = rows.slice(0, PAGE_SIZE).map((e) => ({ ...e, created_at: e.created_at.toISOString() }));
  const t = await getFixedT(await getLocale(request), "admin");
  return json(
    { title: t("audit.title"), kinds: AUDIT_KINDS, events, nextBefore: rows.length > PAGE_SIZE ? events[events.length - 1]?.id ?? null : null },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/** What of an event's data a reader needs, as short text (values are rendered as text by React). */
function describe(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

export default function AuditPage() {
  const { kinds, events, nextBefore } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation("admin");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Shanghai" });
  const kindLabel = (kind: string) => t(`audit.kinds.${kind}`, { defaultValue: kind });
  const older = new URLSearchParams(searchParams);
  if (nextBefore) older.set("before", String(nextBefore));

  return (
    <div className="stack">
      <h1>{t("audit.title")}</h1>
      <p className="muted">{t("audit.intro")}</p>
      <Form method="get" className="inline-form">
        <SelectField label={t("audit.filterKind")} name="kind" defaultValue={searchParams.get("kind") ?? ""}>
          <option value="">{t("audit.anyKind")}</option>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>{kindLabel(kind)}</option>
          ))}
        </SelectField>
        <Field label={t("audit.filterEmail")} name="email" type="email" defaultValue={searchParams.get("email") ?? ""} maxLength={254} />
        <button type="submit">{t("audit.filterSubmit")}</button>
      </Form>
      {events.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <ScrollBox>
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">{t("audit.columns.when")}</th>
                <th scope="col">{t("audit.columns.event")}</th>
                <th scope="col">{t("audit.columns.actor")}</th>
                <th scope="col">{t("audit.columns.subject")}</th>
                <th scope="col">{t("audit.columns.cooperative")}</th>
                <th scope="col">{t("audit.columns.address")}</th>
                <th scope="col">{t("audit.columns.details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} data-kind={event.kind}>
                  <td><time dateTime={event.created_at}>{time.format(new Date(event.created_at))}</time></td>
                  <td>{kindLabel(event.kind)}</td>
                  <td>{event.actor_email ?? "—"}</td>
                  <td>{event.subject_email ?? "—"}</td>
                  <td>{(locale === "zh" ? event.cooperative_name_zh : event.cooperative_name_en) ?? "—"}</td>
                  <td>{event.ip ?? "—"}</td>
                  <td className="audit-table__details">{describe(event.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?${older}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
