import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { OrderCoopShares } from "~/components/order/coop-shares";
import { orderCoopShares } from "~/models/impact.server";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { OrderItemsTable, OrderTotals } from "~/components/checkout/order-summary";
import { LiveStatus, useLiveOrderUpdates } from "~/components/order/live-updates";
import { OrderErrorBoundary } from "~/components/order/order-lookup-hint";
import { OrderProgress } from "~/components/order/order-progress";
import { ReorderResultNotice } from "~/components/order/reorder-result";
import { ShipmentCard } from "~/components/order/shipment-card";
import { getOrderForPage } from "~/models/order/order.server";
import { refreshPaymentFromProvider, startPayment } from "~/services/checkout.server";
import { orderTrackingView } from "~/services/order-tracking.server";
import { reorderIntoCart } from "~/services/reorder.server";
import checkoutStyles from "~/styles/checkout.css";
import ordersStyles from "~/styles/orders.css";
import { getOptionalUser, isStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { orderPageParams, orderPageQuery } from "~/utils/order-params.server";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: checkoutStyles },
  { rel: "stylesheet", href: ordersStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.metaTitle ?? "Order" },
  // The address carries the order's secret link: keep it out of indexes and other sites'
  // referrers. (Not "no-referrer": that would blank the Origin of our own form posts.)
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

async function viewerOf(request: Request) {
  const user = await getOptionalUser(request);
  const parsed = orderPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const search = parsed.success ? parsed.data : {};
  return { user, search, viewer: { token: search.token ?? null, userId: user?.id ?? null, isStaff: user ? isStaff(user) : false } };
}

async function loadOrder(number: string, viewer: Parameters<typeof getOrderForPage>[1]["viewer"]) {
  const data = await getOrderForPage(db(), { number, viewer });
  // Someone without the link sees the same as for a number that does not exist.
  if (!data) throw notFound();
  return data;
}

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const parsedParams = orderPageParams.safeParse(rawParams);
  if (!parsedParams.success) throw notFound();
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "orders");
  const { search, viewer } = await viewerOf(request);
  let data = await loadOrder(parsedParams.data.number, viewer);
  if (search.payment === "paid" && data.order.status === "pending_payment") {
    // Back from the provider before its webhook: ask it directly.
    if (await refreshPaymentFromProvider(db(), { orderId: data.order.id })) data = await loadOrder(parsedParams.data.number, viewer);
  }
  const { order, items, payments, reservations } = data;
  const tracking = await orderTrackingView(db(), { order, locale });
  // The page's live stream starts after the newest event this render shows; the stream
  // authenticates like the page: the session cookie, or the order link's token.
  const stream = new URLSearchParams({ ...(viewer.token ? { token: viewer.token } : {}), after: String(tracking.lastEventId) });
  const held = reservations.filter((r) => r.status === "held");
  const heldUntil = held.length > 0 ? new Date(Math.min(...held.map((r) => new Date(r.expires_at).getTime()))) : null;
  const latest = payments[payments.length - 1] ?? null;
  return json(
    {
      locale,
      metaTitle: t("metaTitle", { number: order.number }),
      token: viewer.token,
      notice: search.payment ?? null,
      order: {
        number: order.number,
        status: order.status,
        paymentStatus: order.payment_status,
        placedAt: order.placed_at,
        email: order.email,
        contactName: order.contact_name,
        phone: order.phone,
        address: [order.ship_province, order.ship_city === order.ship_province ? null : order.ship_city, order.ship_district, order.ship_street].filter(Boolean).join(" "),
        postcode: order.ship_postcode,
        shippingMethod: order.shipping_method,
        subtotalFen: order.subtotal_fen,
        shippingFen: order.shipping_fen,
        totalFen: order.total_fen,
        refundedFen: order.refunded_fen,
        flagged: order.flagged_reason !== null,
      },
      items: items.map((item) => ({
        id: item.id,
        nameZh: item.product_name_zh,
        nameEn: item.product_name_en,
        labelZh: item.variant_label_zh,
        labelEn: item.variant_label_en,
        quantity: item.quantity,
        unitPriceFen: item.unit_price_fen,
        lineTotalFen: item.line_total_fen,
      })),
      attempts: payments.map((p) => ({ attempt: p.attempt, status: p.status })),
      canPay: order.status === "pending_payment" && (order.payment_status === "unpaid" || order.payment_status === "failed"),
      lastAttemptFailed: latest?.status === "failed",
      heldUntil,
      lapsed: held.length === 0 && reservations.some((r) => r.status === "released"),
      progress: tracking.progress,
      shipments: tracking.shipments,
      streamUrl: `/orders/${order.number}/events?${stream}`,
      canReorder: viewer.userId !== null && order.user_id === viewer.userId,
      coopShares: await orderCoopShares(db(), { orderId: order.id }),
      // Each batch's traceability page, which shows this order's parcel journey to a link holder.
      traceLinks: tracking.batches.map((batch) => ({
        ...batch,
        href: `/trace/${encodeURIComponent(batch.code)}?${new URLSearchParams({ order: order.number, ...(viewer.token ? { token: viewer.token } : {}) })}`,
      })),
    },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" } },
  );
}

export async function action({ request, params: rawParams }: ActionFunctionArgs) {
  const parsedParams = orderPageParams.safeParse(rawParams);
  if (!parsedParams.success) throw notFound();
  const form = await readForm(request);
  const { user } = await viewerOf(request);
  const token = String(form.get("token") ?? "") || null;
  const { order } = await loadOrder(parsedParams.data.number, { token, userId: user?.id ?? null, isStaff: user ? isStaff(user) : false });
  const intent = form.get("intent");
  if (intent === "reorder") {
    // Only the order's owner buys it again, into their own cart.
    if (!user || order.user_id !== user.id) throw notFound();
    const reorder = await reorderIntoCart(db(), { userId: user.id, orderId: order.id });
    if (!reorder) throw notFound();
    return json({ reorder: { added: reorder.added, unavailable: reorder.unavailable } });
  }
  if (intent !== "pay") return json({ error: "Unknown action" }, { status: 400 });
  const result = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper", userId: user?.id ?? null } });
  if (result.kind === "redirect") return redirect(result.url, 303);
  const search = new URLSearchParams({ ...(token ? { token } : {}), payment: result.kind === "provider_unavailable" ? "unavailable" : result.kind });
  return redirect(`/orders/${order.number}?${search}`, 303);
}

export default function OrderPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  const { order } = data;
  const time = (value: string) =>
    new Intl.DateTimeFormat(data.locale === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
  // The stream is opened once per page; later renders (after each refresh) keep it.
  const [streamUrl] = useState(data.streamUrl);
  const live = useLiveOrderUpdates(streamUrl);
  const announcement = useNewestScanAnnouncement(data.shipments);

  let notice: { tone: "" | "warn" | "error"; text: string } | null = null;
  if (order.status === "cancelled" && data.notice === "stock_gone") notice = { tone: "error", text: t("notices.stockGone") };
  else if (order.paymentStatus === "paid" && (order.status === "paid" || data.notice === "paid")) notice = { tone: "", text: t("notices.paid") };
  else if (data.canPay && data.notice === "paid") notice = { tone: "warn", text: t("notices.confirming") };
  else if (data.canPay && data.notice === "unavailable") notice = { tone: "error", text: t("notices.providerDown") };
  else if (data.canPay && (data.lastAttemptFailed || data.notice === "failed")) notice = { tone: "error", text: t("notices.declined") };
  else if (data.canPay && data.notice === "cancelled") notice = { tone: "warn", text: t("notices.cancelledPayment") };

  return (
    <article className="order-page" aria-labelledby="order-title">
      <h1 id="order-title">{t("title", { number: order.number })}</h1>
      <p className="muted">{t("placedOn", { date: time(order.placedAt) })}</p>
      <div className="order-status">
        <span className="badge" data-testid="order-status">
          {t("statusLabel")}: {t(`status.${order.status}`)}
        </span>
        <span className={`badge${order.paymentStatus === "failed" ? " badge--danger" : order.paymentStatus === "unpaid" ? " badge--warn" : ""}`} data-testid="payment-status">
          {t("paymentLabel")}: {t(`paymentStatus.${order.paymentStatus}`)}
        </span>
      </div>
      {notice ? (
        <p className={`notice${notice.tone ? ` notice--${notice.tone}` : ""}`} role="status" data-testid="order-notice">
          {notice.text}
        </p>
      ) : null}
      {order.flagged ? <p className="notice notice--warn">{t("notices.flagged")}</p> : null}
      {order.refundedFen > 0 ? <p className="notice">{t("notices.refunded", { amount: formatFen(order.refundedFen) })}</p> : null}

      {data.canPay ? (
        <div className="card order-pay">
          {data.heldUntil ? <p>{t("notices.pending", { time: time(data.heldUntil) })}</p> : data.lapsed ? <p>{t("notices.lapsed")}</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="pay" />
            {data.token ? <input type="hidden" name="token" value={data.token} /> : null}
            <SubmitButton intent="pay">
              {data.attempts.length > 0 ? t("payAgain") : t("pay", { amount: formatFen(order.totalFen) })}
            </SubmitButton>
          </Form>
        </div>
      ) : null}

      <OrderProgress progress={data.progress} locale={data.locale} />
      <LiveStatus state={live} announcement={announcement} />

      {actionData && "reorder" in actionData ? <ReorderResultNotice result={actionData.reorder} locale={data.locale} /> : null}

      <section className="order-tracking" aria-labelledby="tracking-title">
        <h2 id="tracking-title">{t("tracking.shipments.title")}</h2>
        {data.shipments.length === 0 ? (
          <p className="muted" data-testid="no-shipments">{t("tracking.shipments.none")}</p>
        ) : (
          <div className="shipment-list">
            {data.shipments.map((shipment, index) => (
              <ShipmentCard key={shipment.id} shipment={shipment} n={index + 1} locale={data.locale} />
            ))}
          </div>
        )}
      </section>

      <div className="order-grid">
        <section className="card" aria-labelledby="items-title">
          <h2 id="items-title">{t("items.legend")}</h2>
          <OrderItemsTable items={data.items} locale={data.locale} />
          <OrderTotals order={order} />
          {data.canReorder ? (
            <Form method="post" className="order-reorder">
              <input type="hidden" name="intent" value="reorder" />
              <SubmitButton intent="reorder" className="button--ghost" pendingText={t("tracking.reorder.pending")}>
                {t("tracking.reorder.button")}
              </SubmitButton>
            </Form>
          ) : null}
        </section>
        <div className="stack">
          <section className="card" aria-labelledby="delivery-title">
            <h2 id="delivery-title">{t("delivery.legend")}</h2>
            <p>{t(`delivery.method.${order.shippingMethod}`)}</p>
            <p>
              {order.contactName} · {order.phone}
              <br />
              {order.address}
              {order.postcode ? ` ${order.postcode}` : ""}
            </p>
          </section>
          {data.traceLinks.length > 0 ? (
            <section className="card" aria-labelledby="trace-title">
              <h2 id="trace-title">{t("tracking.traceLinks.title")}</h2>
              <p className="muted">{t("tracking.traceLinks.intro")}</p>
              <ul>
                {data.traceLinks.map((batch) => (
                  <li key={batch.code}>
                    <a href={batch.href}>
                      {data.locale === "zh" ? batch.nameZh : batch.nameEn} · {batch.code}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.attempts.length > 0 ? (
            <section className="card" aria-labelledby="attempts-title">
              <h2 id="attempts-title">{t("attempts.legend")}</h2>
              <ul>
                {data.attempts.map((attempt) => (
                  <li key={attempt.attempt}>
                    {t("attempts.attempt", { n: attempt.attempt })}: {t(`attempts.status.${attempt.status}`)}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      </div>
      <OrderCoopShares shares={data.coopShares} />
      {order.email ? (
        <p className="muted">{t("keepLink", { email: order.email })}</p>
      ) : (
        <p className="muted" data-testid="keep-link">
          {t("lookup.keepLinkNoEmail")} <Link to="/orders/lookup">{t("lookup.findLink")}</Link>
        </p>
      )}
    </article>
  );
}

/** The newest scan of any parcel, once it changes after the first render: for screen readers. */
function useNewestScanAnnouncement(shipments: { scans: { id: number; description: string }[] }[]): string | null {
  const newest = shipments
    .flatMap((shipment) => shipment.scans.slice(0, 1))
    .reduce<{ id: number; description: string } | null>((best, scan) => (best && best.id > scan.id ? best : scan), null);
  const first = useRef(newest?.id ?? 0);
  const [announcement, setAnnouncement] = useState<string | null>(null);
  useEffect(() => {
    if (newest && newest.id !== first.current) {
      first.current = newest.id;
      setAnnouncement(newest.description);
    }
  }, [newest]);
  return announcement;
}

export function ErrorBoundary() {
  return <OrderErrorBoundary />;
}
