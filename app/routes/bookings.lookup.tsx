import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, HoneypotField, SubmitButton } from "~/components/forms";
import { bookingLookupSchema, lookupBookingNumber } from "~/schemas/bookings.server";
import { lookupGuestBooking } from "~/services/booking-guest.server";
import bookingsStyles from "~/styles/bookings.css";
import checkoutStyles from "~/styles/checkout.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// A guest who lost the booking link finds the booking by its number and the mobile number it
// was made with. The answer is the booking page through a fresh signed link (never the
// booking's own), or one message that does not say which of the two was wrong. Rate-limited
// per client and per booking number, like the order lookup.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: checkoutStyles },
  { rel: "stylesheet", href: bookingsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Find a booking" }, { name: "robots", content: "noindex" }];

type ActionData = { values: { number: string; mobile: string }; errors: FieldErrors; formError: "form" | "notFound" | "tooMany" | null; minutes?: number };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(await getLocale(request), "bookings");
  const given = lookupBookingNumber.safeParse(new URL(request.url).searchParams.get("number") ?? "");
  return json({ metaTitle: t("lookup.metaTitle"), number: given.success ? given.data : "" }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  checkHoneypot(form);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 40) : "";
  };
  const values = { number: text("number"), mobile: text("mobile") };
  const parsed = parseForm(bookingLookupSchema, form);
  if (!parsed.ok) return json<ActionData>({ values, errors: parsed.errors, formError: "form" }, { status: 400 });
  const result = await lookupGuestBooking(db(), { ...parsed.data, clientAddress: context.clientAddress ?? "unknown" });
  if (result.kind === "rate_limited") {
    return json<ActionData>(
      { values, errors: {}, formError: "tooMany", minutes: Math.max(1, Math.ceil(result.limit.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(result.limit.retryAfterSeconds) } },
    );
  }
  // The same answer, status and body for a wrong mobile number and for no such booking.
  if (result.kind === "not_found") return json<ActionData>({ values, errors: {}, formError: "notFound" }, { status: 404 });
  return redirect(result.path, { status: 303, headers: { "Referrer-Policy": "same-origin" } });
}

export default function BookingLookupPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("bookings");
  const values = actionData?.values ?? { number: data.number, mobile: "" };
  const err = (field: string) => (actionData?.errors[field] ? t(`lookup.errors.${actionData.errors[field]}`) : undefined);
  const formError = actionData?.formError ? t(`lookup.errors.${actionData.formError}`, { minutes: actionData.minutes ?? 1 }) : null;
  return (
    <section className="booking-lookup" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t("lookup.title")}</h1>
      <p>{t("lookup.intro")}</p>
      <Form method="post" className="card checkout-section" aria-describedby={formError ? "lookup-error" : undefined}>
        {formError ? (
          <p className="notice notice--error" id="lookup-error" role="alert" data-testid="lookup-error">
            {formError}
          </p>
        ) : null}
        <HoneypotField />
        <Field id="number" name="number" label={t("lookup.number")} hint={t("lookup.numberHint")} error={err("number")} required maxLength={40} autoComplete="off" autoCapitalize="characters" spellCheck={false} defaultValue={values.number} />
        <Field id="mobile" name="mobile" type="tel" label={t("lookup.mobile")} hint={t("lookup.mobileHint")} error={err("mobile")} required maxLength={20} inputMode="tel" autoComplete="tel-national" defaultValue={values.mobile} />
        <SubmitButton pendingText={t("lookup.pending")}>{t("lookup.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
