import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CancelForm } from "~/components/staff/order/cancel-form";
import { NewShipmentForm } from "~/components/staff/order/new-shipment-form";
import { CustomerPanel, OrderItemsTable, PaymentPanel } from "~/components/staff/order/order-panels";
import { RefundForm } from "~/components/staff/order/refund-form";
import { NO_ANSWER, OrderFormError, type OrderFormState } from "~/components/staff/order/shared";
import { ShipmentPanel } from "~/components/staff/order/shipment-panel";
import { StartPackingForm } from "~/components/staff/order/start-packing-form";
import { chinaDateTimeInputValue, formatDateTime } from "~/components/staff/format";
import { orderActionSchema, orderNumberParam, parseShipmentLines, type OrderIntent } from "~/schemas/staff-order";
import { OrderStatusBadge, PaymentStatusBadge } from "~/components/staff/status-badge";
import { OrderTimeline } from "~/components/staff/timeline";
import type { Locale } from "~/i18n";
import { ORDER_TRANSITIONS } from "~/models/order-state";
import { shipmentsForOrder } from "~/models/shipment.server";
import { findOrderIdByNumber } from "~/models/order/order.server";
import { getStaffOrder } from "~/models/order/staff.server";
import {
  createShipment,
  FulfilmentError,
  markShipmentDelivered,
  recordManualTrackingEvent,
  SHIPPABLE_ORDER_STATUSES,
  startFulfilment,
} from "~/services/fulfilment.server";
import { CancellationError, cancelOrder, refundableOnOrder, refundOrder } from "~/services/order-cancellation.server";
import { RefundError } from "~/services/refunds.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

const NOTICES = ["started", "shipped", "event", "delivered", "cancelled", "cancelledRefundFailed", "refunded"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const number = orderNumberParam(params.number);
  const found = number ? await getStaffOrder(db(), { number }) : null;
  if (!found) throw notFound();
  const [shipments, refundable] = await Promise.all([
    shipmentsForOrder(db(), { orderId: found.order.id }),
    refundableOnOrder(db(), found.order.id),
  ]);
  const { order, items } = found;
  const remaining = items.reduce((sum, item) => sum + item.quantity - item.quantity_shipped, 0);
  const canShip =
    SHIPPABLE_ORDER_STATUSES.includes(order.status) &&
    (order.payment_status === "paid" || order.payment_status === "partially_refunded") &&
    remaining > 0;
  // The services decide again under lock; these only choose which forms to show.
  const canCancel = ORDER_TRANSITIONS[order.status].includes("cancelled") && items.every((item) => item.quantity_shipped === 0) && shipments.length === 0;
  const noticeParam = new URL(request.url).searchParams.get("done");
  const notice = NOTICES.find((candidate) => candidate === noticeParam) ?? null;
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    {
      ...found,
      shipments,
      refundable,
      canShip,
      canCancel,
      notice,
      // One key per rendered refund form: submitting the same form twice refunds once.
      refundKey: `staff-refund:${found.order.id}:${crypto.randomUUID()}`,
      now: chinaDateTimeInputValue(new Date()),
      title: t("order.title", { number: found.order.number }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Order" }];

type ActionResult = { intent: OrderIntent | "unknown"; fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> };

function refused(result: Omit<ActionResult, "fieldErrors" | "values"> & Partial<ActionResult>, status = 400) {
  return json<ActionResult>({ fieldErrors: {}, values: {}, ...result }, { status });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const number = orderNumberParam(params.number);
  const orderId = number ? await findOrderIdByNumber(db(), { number }) : null;
  if (!number || orderId === null) throw notFound();
  const actor = { kind: "staff" as const, userId: user.id };
  const parsed = parseForm(orderActionSchema, await readForm(request));
  // Every field of these forms carries one value.
  const values = parsed.values as Record<string, string>;
  if (!parsed.ok) {
    const intent = typeof values.intent === "string" && ["start", "ship", "event", "deliver", "cancel", "refund"].includes(values.intent) ? (values.intent as OrderIntent) : "unknown";
    return refused({ intent, fieldErrors: parsed.errors, formError: intent === "unknown" ? "errors.unknownIntent" : "errors.checkFields", values });
  }
  const back = (done: (typeof NOTICES)[number]) => redirect(`/staff/orders/${encodeURIComponent(number)}?done=${done}`);
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "start":
        await startFulfilment(db(), { orderId, actor });
        return back("started");
      case "ship": {
        const lines = parseShipmentLines(values);
        if (lines.errors.length > 0) {
          return refused({ intent: "ship", fieldErrors: Object.fromEntries(lines.errors.map((key) => [key, "errors.quantity"])), formError: "errors.checkFields", values });
        }
        await createShipment(db(), { orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: lines.lines, actor });
        return back("shipped");
      }
      case "event":
        await assertShipmentOfOrder(input.shipmentId, orderId);
        await recordManualTrackingEvent(db(), {
          shipmentId: input.shipmentId,
          scan: { occurredAt: input.occurredAt, status: input.status, description: input.description, location: input.location ?? null },
          actor,
        });
        return back("event");
      case "deliver":
        await assertShipmentOfOrder(input.shipmentId, orderId);
        await markShipmentDelivered(db(), { shipmentId: input.shipmentId, note: input.note, actor });
        return back("delivered");
      case "cancel": {
        const result = await cancelOrder(db(), { orderId, reason: input.reason, actor });
        return back(result.refundError ? "cancelledRefundFailed" : "cancelled");
      }
      case "refund":
        await refundOrder(db(), { orderId, amountFen: input.amount, reason: input.reason, actor, idempotencyKey: input.idempotencyKey });
        return back("refunded");
    }
  } catch (error) {
    if (error instanceof FulfilmentError || error instanceof CancellationError || error instanceof RefundError) {
      const field = input.intent === "ship" && (error.code === "invalid_tracking" || error.code === "duplicate_tracking") ? "trackingNumber" : null;
      return refused({
        intent: input.intent,
        fieldErrors: field ? { [field]: `errors.${error.code}` } : {},
        formError: `errors.${error.code}`,
        values,
      });
    }
    throw error;
  }
}

async function assertShipmentOfOrder(shipmentId: number, orderId: number) {
  const shipments = await shipmentsForOrder(db(), { orderId });
  if (!shipments.some((shipment) => shipment.id === shipmentId)) throw new FulfilmentError("shipment_not_found");
}

export default function StaffOrder() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const { order, items, payments, refunds, events, shipments } = data;
  const answerTo = (intent: OrderIntent): OrderFormState =>
    actionData?.intent === intent ? { errors: actionData.fieldErrors, values: actionData.values, formError: actionData.formError } : NO_ANSWER;
  const eventAnswerFor = (shipmentId: number): OrderFormState =>
    actionData?.intent === "event" && actionData.values.shipmentId === String(shipmentId) ? { ...answerTo("event"), formError: null } : NO_ANSWER;

  return (
    <article className="staff-page staff-order" aria-labelledby="order-title">
      <nav className="breadcrumbs" aria-label={t("breadcrumbs")}>
        <ol>
          <li><Link to="/staff">{t("nav.dashboard")}</Link></li>
          <li><Link to="/staff/orders">{t("nav.orders")}</Link></li>
          <li aria-current="page">{order.number}</li>
        </ol>
      </nav>
      <header className="staff-order__head">
        <h1 id="order-title">{t("order.title", { number: order.number })}</h1>
        <p className="staff-badges">
          <OrderStatusBadge status={order.status} /> <PaymentStatusBadge status={order.payment_status} />
        </p>
        <p className="muted">
          {t("order.placed", { when: formatDateTime(order.placed_at, locale) })}
          {order.paid_at ? ` · ${t("order.paidAt", { when: formatDateTime(order.paid_at, locale) })}` : ""}
          {order.cancelled_at ? ` · ${t("order.cancelledAt", { when: formatDateTime(order.cancelled_at, locale) })}` : ""}
        </p>
        <div className="staff-actions no-print">
          {order.status === "paid" ? <StartPackingForm /> : null}
          <Link to={`/staff/orders/${encodeURIComponent(order.number)}/slip`} className="button button--ghost">{t("order.packingSlip")}</Link>
        </div>
      </header>

      {data.notice ? (
        <p className={data.notice === "cancelledRefundFailed" ? "notice notice--warn" : "notice"} role="status">{t(`order.notices.${data.notice}`)}</p>
      ) : null}
      {order.flagged_reason ? (
        <p className="notice notice--error" data-testid="flagged">
          <strong>{t("order.flagged")}</strong> {t(`flagReasons.${order.flagged_reason}`, { defaultValue: order.flagged_reason })}
        </p>
      ) : null}
      <OrderFormError formError={answerTo("start").formError} />

      <div className="staff-order__grid">
        <CustomerPanel order={order} />
        <PaymentPanel order={order} payments={payments} refunds={refunds} refundable={data.refundable} locale={locale}>
          {data.refundable > 0 ? <RefundForm refundable={data.refundable} refundKey={data.refundKey} answer={answerTo("refund")} open={actionData?.intent === "refund"} /> : null}
        </PaymentPanel>
      </div>

      <OrderItemsTable items={items} locale={locale} />

      <section aria-labelledby="shipments-title">
        <h2 id="shipments-title">{t("order.shipments")}</h2>
        {shipments.length === 0 ? <p className="muted">{t("order.noShipments")}</p> : null}
        {shipments.map((shipment) => (
          <ShipmentPanel key={shipment.id} shipment={shipment} locale={locale} now={data.now} eventAnswer={eventAnswerFor(shipment.id)} />
        ))}
        {actionData?.intent === "event" || actionData?.intent === "deliver" ? <OrderFormError formError={answerTo(actionData.intent).formError} /> : null}
        {data.canShip ? <NewShipmentForm items={items} locale={locale} answer={answerTo("ship")} /> : null}
      </section>

      {data.canCancel ? (
        <CancelForm paid={!(order.payment_status === "unpaid" || order.payment_status === "failed")} refundable={data.refundable} answer={answerTo("cancel")} />
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("order.timeline")}</h2>
        <OrderTimeline events={events} locale={locale} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
