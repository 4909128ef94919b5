import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { addSynonymGroup, listSynonymGroups, removeSynonymGroup } from "~/models/search-synonyms.server";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";

// Staff keep the search's synonym groups: one form adds a group, each group has a remove button.

const synonymFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    terms: z
      .string()
      .max(300)
      .transform((raw) => raw.split(/[\s,，、;；]+/u).filter(Boolean))
      .pipe(z.array(z.string().max(30).regex(/^[\p{L}\p{N}]+$/u)).min(2).max(12)),
  }),
  z.object({ intent: z.literal("remove"), id: z.coerce.number().int().positive().max(2_147_483_647) }),
]);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getFixedT(await getLocale(request), "admin");
  const groups = await listSynonymGroups(db());
  return json({ title: t("synonyms.title"), groups: groups.map((g) => ({ id: g.id, terms: g.terms })) }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent !== "add" && intent !== "remove") throw json({ error: "unknown_intent" }, { status: 400 });
  const parsed = parseForm(synonymFormSchema, formData);
  if (!parsed.ok) return json({ intent, ok: false, errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === "add") {
    const added = await addSynonymGroup(db(), { terms: parsed.data.terms, createdBy: user.id });
    if (!added.ok) return json({ intent, ok: false, errors: { terms: added.error } }, { status: 400 });
    return json({ intent, ok: true, errors: {} as FieldErrors });
  }
  await removeSynonymGroup(db(), { id: parsed.data.id });
  return json({ intent, ok: true, errors: {} as FieldErrors });
}

export default function StaffSynonymsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const errors: FieldErrors = result && !result.ok ? result.errors : {};
  const error = (key: string | undefined) => (key ? t(`synonyms.errors.${key === "terms" || key === "tooFew" ? key : "form"}`) : undefined);
  return (
    <div className="stack">
      <h1>{t("synonyms.title")}</h1>
      <p>{t("synonyms.intro")}</p>
      {result?.ok ? <p className="notice" role="status">{t(result.intent === "add" ? "synonyms.added" : "synonyms.removed")}</p> : null}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="add" />
        <Field label={t("synonyms.terms")} hint={t("synonyms.termsHint")} name="terms" required maxLength={300} error={error(errors.terms ?? errors.form)} />
        <button type="submit">{t("synonyms.add")}</button>
      </Form>
      {groups.length === 0 ? (
        <p>{t("synonyms.empty")}</p>
      ) : (
        <ul className="stack">
          {groups.map((group) => (
            <li key={group.id} className="inline-form">
              <span lang="zh">{group.terms.join(" · ")}</span>
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="id" value={group.id} />
                <button type="submit" className="button--secondary" aria-label={t("synonyms.removeLabel", { terms: group.terms.join(" ") })}>
                  {t("synonyms.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
