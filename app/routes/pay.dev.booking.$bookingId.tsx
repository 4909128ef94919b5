import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { devBookingPayment } from "~/services/booking-payments.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import checkoutStyles from "~/styles/checkout.css";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { devPaymentAccess } from "~/utils/order-params.server";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

// The dev provider's "hosted payment page" for a booking, the twin of /pay/dev/:orderId. It
// exists only while the dev provider runs, and only for someone holding the booking's link. Its
// buttons produce a signed provider event that goes through the same parsing and processing as
// a real webhook.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Test payment" }, { name: "robots", content: "noindex" }];

const params = z.object({ bookingId: z.string().regex(/^\d{1,9}$/).transform(Number) });

async function loadPayment(rawParams: unknown, fields: unknown) {
  if (getEnv().paymentProvider !== "dev") throw notFound();
  const p = params.safeParse(rawParams);
  const a = devPaymentAccess.safeParse(fields);
  if (!p.success || !a.success) throw notFound();
  const found = await devBookingPayment(db(), { bookingId: p.data.bookingId, token: a.data.token, sessionId: a.data.session });
  if (!found) throw notFound();
  return { ...found, token: a.data.token };
}

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const { booking, payment, open, token } = await loadPayment(rawParams, Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "bookingPay");
  return json(
    { metaTitle: t("metaTitle"), number: booking.number, amountFen: Number(payment.amount_fen), open, token, session: payment.provider_session_id },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" } },
  );
}

export async function action({ request, params: rawParams }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { booking, payment, token } = await loadPayment(rawParams, { token: form.get("token"), session: form.get("session") });
  const decision = form.get("decision");
  if (decision !== "approve" && decision !== "decline") return json({ error: "Unknown decision" }, { status: 400 });
  const webhook = createDevWebhook({
    sessionId: payment.provider_session_id,
    type: decision === "approve" ? "dev.payment.approved" : "dev.payment.declined",
    amountFen: Number(payment.amount_fen),
  });
  await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
  const search = new URLSearchParams({ token, payment: decision === "approve" ? "paid" : "failed" });
  return redirect(`/bookings/${booking.number}?${search}`, 303);
}

export default function DevBookingPaymentPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("bookingPay");
  const back = `/bookings/${data.number}?${new URLSearchParams({ token: data.token })}`;
  return (
    <section className="dev-pay" aria-labelledby="dev-pay-title">
      <p className="dev-pay__banner" role="note">{t("banner")}</p>
      <h1 id="dev-pay-title">{t("title", { number: data.number })}</h1>
      <div className="card">
        <p>{t("explain")}</p>
        <p>
          {t("amount")}: <strong className="price" data-testid="dev-pay-amount">{formatFen(data.amountFen)}</strong>
        </p>
        {data.open ? (
          <Form method="post" className="dev-pay__actions">
            <input type="hidden" name="token" value={data.token} />
            <input type="hidden" name="session" value={data.session} />
            <SubmitButton name="decision" value="approve">{t("approve")}</SubmitButton>
            <SubmitButton name="decision" value="decline" className="button--danger">{t("decline")}</SubmitButton>
          </Form>
        ) : (
          <p className="notice notice--warn">{t("notOpen")}</p>
        )}
        <p>
          <Link to={back}>{t("back")}</Link>
        </p>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
