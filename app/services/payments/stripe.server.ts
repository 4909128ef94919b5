import Stripe from "stripe";
import { z } from "zod";
import { getEnv } from "~/utils/env.server";
import {
  PaymentProviderError,
  UnsupportedEventError,
  WebhookSignatureError,
  type CreatedPayment,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderRefund,
  paymentReferenceOf,
} from "~/services/payments/provider.server";

// Stripe: a hosted Checkout Session per payment attempt, in CNY. The API version is the one
// this SDK release is typed for; upgrading the SDK makes the compiler point here.
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.StripeConfig["apiVersion"];

let cached: { key: string; base: string; client: Stripe } | undefined;

/** The SDK client for the configured key; STRIPE_API_BASE points it elsewhere (a test double). */
export function stripeClient(): Stripe {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) throw new PaymentProviderError("STRIPE_SECRET_KEY is not set", false);
  const base = env.STRIPE_API_BASE ?? "";
  if (cached && cached.key === env.STRIPE_SECRET_KEY && cached.base === base) return cached.client;
  const target = base ? new URL(base) : null;
  const client = new Stripe(env.STRIPE_SECRET_KEY, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "shanshui-market" },
    ...(target
      ? {
          host: target.hostname,
          port: target.port || (target.protocol === "https:" ? 443 : 80),
          protocol: target.protocol === "https:" ? ("https" as const) : ("http" as const),
        }
      : {}),
  });
  cached = { key: env.STRIPE_SECRET_KEY, base, client };
  return client;
}

function orderPageUrl(request: PaymentRequest, outcome: "paid" | "cancelled"): string {
  const query = new URLSearchParams({ token: request.accessToken, payment: outcome });
  const reference = paymentReferenceOf(request);
  const page = reference.kind === "booking" ? "bookings" : "orders";
  return `${getEnv().publicUrl}/${page}/${encodeURIComponent(reference.number)}?${query}`;
}

function providerError(error: unknown): PaymentProviderError {
  if (error instanceof PaymentProviderError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError;
    return new PaymentProviderError(`Stripe: ${error.message}`, retryable);
  }
  return new PaymentProviderError(error instanceof Error ? error.message : String(error), true);
}

// The parts of the event objects the shop reads; everything else is ignored.
const sessionObject = z.object({
  id: z.string().min(1),
  object: z.literal("checkout.session"),
  payment_status: z.string(),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable().optional(),
  amount_total: z.number().int().nullable().optional(),
  currency: z.string().nullable().optional(),
});
const chargeObject = z.object({
  id: z.string().min(1),
  object: z.literal("charge"),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable(),
  amount_refunded: z.number().int().min(0),
  refunds: z
    .object({ data: z.array(z.object({ id: z.string(), amount: z.number().int(), status: z.string().nullable() })) })
    .nullable()
    .optional(),
});

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

function refundStatus(status: string | null): "pending" | "succeeded" | "failed" {
  if (status === "succeeded") return "succeeded";
  if (status === "failed" || status === "canceled") return "failed";
  return "pending";
}

/** Turns a verified Stripe event into the shop's normalized event. */
export function normalizeStripeEvent(event: { id: string; type: string; data: { object: unknown } }): PaymentEvent {
  const base = { provider: "stripe" as const, eventId: event.id, eventType: event.type };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = sessionObject.parse(event.data.object);
      const paymentIntent = idOf(session.payment_intent);
      // `completed` also fires for asynchronous methods before the money has arrived.
      if (session.payment_status !== "paid" || !paymentIntent) return { ...base, kind: "payment_pending", sessionId: session.id };
      return {
        ...base,
        kind: "payment_succeeded",
        sessionId: session.id,
        providerPaymentId: paymentIntent,
        amountFen: session.amount_total ?? 0,
        currency: session.currency ?? "",
        // The event does not say what Stripe kept: withCapturedFee asks for it.
        feeFen: 0,
      };
    }
    case "checkout.session.async_payment_failed":
      return { ...base, kind: "payment_failed", sessionId: sessionObject.parse(event.data.object).id };
    case "checkout.session.expired":
      return { ...base, kind: "session_expired", sessionId: sessionObject.parse(event.data.object).id };
    case "charge.refunded": {
      const charge = chargeObject.parse(event.data.object);
      const paymentIntent = idOf(charge.payment_intent);
      if (!paymentIntent) throw new UnsupportedEventError("charge.refunded without a payment intent");
      return {
        ...base,
        kind: "refunds_updated",
        providerPaymentId: paymentIntent,
        amountRefundedFen: charge.amount_refunded,
        refunds: (charge.refunds?.data ?? []).map((refund) => ({ providerRefundId: refund.id, amountFen: refund.amount, status: refundStatus(refund.status) })),
      };
    }
    default:
      throw new UnsupportedEventError(`unhandled Stripe event type ${event.type}`);
  }
}

// The part of a PaymentIntent retrieved with its charge's balance transaction that says what Stripe kept.
const intentWithFee = z.object({
  latest_charge: z
    .object({ balance_transaction: z.object({ fee: z.number().int().min(0), currency: z.string() }).nullable() })
    .nullable(),
});

/**
 * What Stripe kept of a captured payment: the fee on its charge's balance transaction, or null
 * when that transaction does not exist yet.
 */
async function capturedFee(providerPaymentId: string): Promise<number | null> {
  // The webhook's answer waits for this: a short wait and one retry, not the client's 20 s and two.
  const intent = await stripeClient().paymentIntents.retrieve(
    providerPaymentId,
    { expand: ["latest_charge.balance_transaction"] },
    { timeout: 5_000, maxNetworkRetries: 1 },
  );
  const balance = intentWithFee.parse(intent).latest_charge?.balance_transaction;
  if (!balance) return null;
  // The balance transaction is in the Stripe account's settlement currency (a Hong Kong account
  // settles in HKD or USD), not the shopper's CNY. The journal is in fen of CNY, and converting at
  // Stripe's rate would post a figure no CNY account of the shop ever saw: such a fee is recorded
  // as 0 and reconciled from Stripe's own reports.
  if (balance.currency.toLowerCase() !== "cny") return 0;
  return balance.fee;
}

/**
 * A payment_succeeded event with the fee Stripe kept. Reading the fee never stands in the way of
 * the payment: if Stripe cannot tell it (unreachable, or the charge not settled yet), the payment
 * is still recorded as paid, with a fee of 0, and the miss is logged for reconciliation.
 */
async function withCapturedFee(event: PaymentEvent): Promise<PaymentEvent> {
  if (event.kind !== "payment_succeeded") return event;
  try {
    const fee = await capturedFee(event.providerPaymentId);
    if (fee === null) console.warn(`[payments] Stripe has no balance transaction for ${event.providerPaymentId} yet: its fee is recorded as 0`);
    return { ...event, feeFen: fee ?? 0 };
  } catch (error) {
    console.warn(`[payments] the fee of ${event.providerPaymentId} could not be read, recorded as 0: ${error instanceof Error ? error.message : String(error)}`);
    return { ...event, feeFen: 0 };
  }
}

export function stripeProvider(): PaymentProvider {
  return {
    name: "stripe",

    async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
      const env = getEnv();
      const methods = env.STRIPE_PAYMENT_METHODS;
      const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = request.lines.map((line) => ({
        quantity: line.quantity,
        price_data: { currency: "cny", unit_amount: line.unitPriceFen, product_data: { name: line.name.slice(0, 250) } },
      }));
      if (request.shippingFen > 0) {
        lineItems.push({
          quantity: 1,
          price_data: { currency: "cny", unit_amount: request.shippingFen, product_data: { name: request.locale === "zh" ? "运费" : "Shipping" } },
        });
      }
      const reference = paymentReferenceOf(request);
      // Orders keep their metadata and keys exactly; a booking's say "booking" wherever an order's id would stand.
      const booking = reference.kind === "booking";
      const metadata: Record<string, string> = booking
        ? { booking: `booking:${reference.id}`, booking_id: String(reference.id), booking_number: reference.number, attempt: String(request.attempt) }
        : { order_id: String(reference.id), order_number: reference.number, attempt: String(request.attempt) };
      try {
        const session = await stripeClient().checkout.sessions.create(
          {
            mode: "payment",
            currency: "cny",
            line_items: lineItems,
            // Since API version 2026-09-30 Checkout takes the list as `allowed_payment_method_types`
            // (the former `payment_method_types`).
            allowed_payment_method_types: methods,
            ...(methods.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" as const } } } : {}),
            client_reference_id: booking ? `booking:${reference.id}` : String(reference.id),
            metadata,
            // Captured at once rather than in the background (Stripe's default since API version
            // 2024-04-10): only then does the charge carry its balance transaction, and with it the
            // fee, when the session completes and the capture is posted.
            payment_intent_data: { metadata, capture_method: "automatic" },
            ...(request.email ? { customer_email: request.email } : {}),
            locale: request.locale === "zh" ? "zh" : "en",
            expires_at: Math.floor(request.expiresAt.getTime() / 1000),
            success_url: orderPageUrl(request, "paid"),
            cancel_url: orderPageUrl(request, "cancelled"),
          },
          { idempotencyKey: `checkout-session:${booking ? "booking" : "order"}-${reference.id}:attempt-${request.attempt}` },
        );
        if (!session.url) throw new PaymentProviderError("Stripe returned a session without a URL", false);
        return { sessionId: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
      } catch (error) {
        throw providerError(error);
      }
    },

    async parseWebhook(rawBody: string, headers: Headers): Promise<PaymentEvent> {
      const secret = getEnv().STRIPE_WEBHOOK_SECRET;
      const signature = headers.get("stripe-signature");
      if (!secret || !signature) throw new WebhookSignatureError("missing Stripe signature");
      let event: Stripe.Event;
      try {
        event = await stripeClient().webhooks.constructEventAsync(rawBody, signature, secret);
      } catch (error) {
        throw new WebhookSignatureError(error instanceof Error ? error.message : "bad Stripe signature");
      }
      let normalized: PaymentEvent;
      try {
        normalized = normalizeStripeEvent(event);
      } catch (error) {
        if (error instanceof UnsupportedEventError) throw error;
        throw new UnsupportedEventError(`malformed ${event.type} event`);
      }
      return withCapturedFee(normalized);
    },

    async refund(input): Promise<ProviderRefund> {
      try {
        const refund = await stripeClient().refunds.create(
          { payment_intent: input.providerPaymentId, amount: input.amountFen, reason: "requested_by_customer", metadata: { reason: (input.reason ?? "").slice(0, 500) } },
          { idempotencyKey: input.idempotencyKey },
        );
        return { providerRefundId: refund.id, status: refundStatus(refund.status) };
      } catch (error) {
        throw providerError(error);
      }
    },

    async lookupPayment(sessionId: string): Promise<PaymentEvent | null> {
      let session: Stripe.Checkout.Session;
      try {
        session = await stripeClient().checkout.sessions.retrieve(sessionId);
      } catch (error) {
        throw providerError(error);
      }
      const type = session.status === "expired" ? "checkout.session.expired" : session.payment_status === "paid" ? "checkout.session.completed" : null;
      if (!type) return null;
      return withCapturedFee(normalizeStripeEvent({ id: `lookup:${session.id}:${type}`, type, data: { object: session } }));
    },

    async expirePayment(sessionId: string): Promise<void> {
      try {
        await stripeClient().checkout.sessions.expire(sessionId, {}, { idempotencyKey: `checkout-session-expire:${sessionId}` });
      } catch (error) {
        // Already completed or expired: nothing to close.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw providerError(error);
      }
    },
  };
}
