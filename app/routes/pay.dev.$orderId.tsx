import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getOrderById, orderLinkMatches } from "~/models/order/order.server";
import { findPaymentBySession } from "~/models/payment.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import checkoutStyles from "~/styles/checkout.css";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { devPaymentAccess, devPaymentParams } from "~/utils/order-params.server";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

// The dev provider's "hosted payment page". It exists only while the dev provider runs, and
// only for someone holding the order's link. Its buttons produce a signed provider event
// that goes through the same parsing and processing as a real webhook.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Test payment" }, { name: "robots", content: "noindex" }];

async function loadPayment(rawParams: unknown, fields: unknown) {
  if (getEnv().paymentProvider !== "dev") throw notFound();
  const p = devPaymentParams.safeParse(rawParams);
  const a = devPaymentAccess.safeParse(fields);
  if (!p.success || !a.success) throw notFound();
  const order = await getOrderById(db(), { orderId: p.data.orderId });
  if (!order || !orderLinkMatches(order, a.data.token)) throw notFound();
  const payment = await findPaymentBySession(db(), { provider: "dev", sessionId: a.data.session });
  if (!payment || payment.order_id !== order.id) throw notFound();
  return { order, payment, token: a.data.token };
}

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const { order, payment, token } = await loadPayment(rawParams, Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "orders");
  return json(
    {
      metaTitle: t("devPay.metaTitle"),
      number: order.number,
      amountFen: payment.amount_fen,
      open: payment.status === "open" && order.status === "pending_payment",
      token,
      session: payment.provider_session_id,
    },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" } },
  );
}

export async function action({ request, params: rawParams }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { order, payment, token } = await loadPayment(rawParams, { token: form.get("token"), session: form.get("session") });
  const decision = form.get("decision");
  if (decision !== "approve" && decision !== "decline") return json({ error: "Unknown decision" }, { status: 400 });
  const webhook = createDevWebhook({
    sessionId: payment.provider_session_id,
    type: decision === "approve" ? "dev.payment.approved" : "dev.payment.declined",
    amountFen: payment.amount_fen,
  });
  await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
  const search = new URLSearchParams({ token, payment: decision === "approve" ? "paid" : "failed" });
  return redirect(`/orders/${order.number}?${search}`, 303);
}

export default function DevPaymentPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("orders");
  const back = `/orders/${data.number}?${new URLSearchParams({ token: data.token })}`;
  return (
    <section className="dev-pay" aria-labelledby="dev-pay-title">
      <p className="dev-pay__banner" role="note">{t("devPay.banner")}</p>
      <h1 id="dev-pay-title">{t("devPay.title", { number: data.number })}</h1>
      <div className="card">
        <p>{t("devPay.explain")}</p>
        <p>
          {t("devPay.amount")}: <strong className="price" data-testid="dev-pay-amount">{formatFen(data.amountFen)}</strong>
        </p>
        {data.open ? (
          <Form method="post" className="dev-pay__actions">
            <input type="hidden" name="token" value={data.token} />
            <input type="hidden" name="session" value={data.session} />
            <SubmitButton name="decision" value="approve">{t("devPay.approve")}</SubmitButton>
            <SubmitButton name="decision" value="decline" className="button--danger">{t("devPay.decline")}</SubmitButton>
          </Form>
        ) : (
          <p className="notice notice--warn">{t("devPay.notOpen")}</p>
        )}
        <p>
          <Link to={back}>{t("devPay.back")}</Link>
        </p>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
