import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, HoneypotField, SubmitButton } from "~/components/forms";
import { getOptionalUser } from "~/services/auth.server";
import { lookupGuestOrder } from "~/services/guest-orders.server";
import checkoutStyles from "~/styles/checkout.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { lookupOrderNumber, orderLookupSchema } from "~/utils/order-lookup-schema.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// A guest who lost the order link finds the order by its number and the mobile number given
// at checkout. The answer is the order page itself, through a fresh 30-day link signed for
// this lookup (never the order's own link, never anything from the request), or one message
// that does not say which of the two was wrong.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Find an order" }, { name: "robots", content: "noindex" }];

type ActionData = { values: { number: string; phone: string }; errors: FieldErrors; formError: "form" | "notFound" | "tooMany" | null; minutes?: number };

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "orders");
  const user = await getOptionalUser(request);
  // `?number=` (from an order page's 404) fills the number in; anything else is dropped.
  const given = lookupOrderNumber.safeParse(new URL(request.url).searchParams.get("number") ?? "");
  return json(
    { metaTitle: t("lookup.metaTitle"), number: given.success ? given.data : "", signedIn: user !== null },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  checkHoneypot(form);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 40) : "";
  };
  const values = { number: text("number"), phone: text("phone") };
  const parsed = parseForm(orderLookupSchema, form);
  if (!parsed.ok) return json<ActionData>({ values, errors: parsed.errors, formError: "form" }, { status: 400 });
  const result = await lookupGuestOrder(db(), { ...parsed.data, clientAddress: context.clientAddress ?? "unknown" });
  if (result.kind === "rate_limited") {
    return json<ActionData>(
      { values, errors: {}, formError: "tooMany", minutes: Math.max(1, Math.ceil(result.limit.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(result.limit.retryAfterSeconds) } },
    );
  }
  // The same answer, status and body for a wrong mobile number and for no such order.
  if (result.kind === "not_found") return json<ActionData>({ values, errors: {}, formError: "notFound" }, { status: 404 });
  return redirect(result.path, { status: 303, headers: { "Referrer-Policy": "same-origin" } });
}

export default function OrderLookupPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  const values = actionData?.values ?? { number: data.number, phone: "" };
  const err = (field: string) => (actionData?.errors[field] ? t(`lookup.errors.${actionData.errors[field]}`) : undefined);
  const formError = actionData?.formError ? t(`lookup.errors.${actionData.formError}`, { minutes: actionData.minutes ?? 1 }) : null;
  return (
    <section className="order-lookup" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t("lookup.title")}</h1>
      <p>{t("lookup.intro")}</p>
      {data.signedIn ? (
        <p className="muted">
          {t("lookup.signedIn")} <Link to="/account/orders">{t("lookup.myOrders")}</Link>
        </p>
      ) : null}
      <Form method="post" className="card checkout-section" aria-describedby={formError ? "lookup-error" : undefined}>
        {formError ? (
          <p className="notice notice--error" id="lookup-error" role="alert" data-testid="lookup-error">
            {formError}
          </p>
        ) : null}
        <HoneypotField />
        <Field id="number" name="number" label={t("lookup.number")} hint={t("lookup.numberHint")} error={err("number")} required maxLength={40} autoComplete="off" autoCapitalize="characters" spellCheck={false} defaultValue={values.number} />
        <Field id="phone" name="phone" type="tel" label={t("lookup.phone")} hint={t("lookup.phoneHint")} error={err("phone")} required maxLength={20} inputMode="tel" autoComplete="tel-national" defaultValue={values.phone} />
        <SubmitButton pendingText={t("lookup.pending")}>{t("lookup.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
