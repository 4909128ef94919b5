import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { basisPointsOf } from "~/utils/allocation";
import { getEnv } from "~/utils/env.server";
import {
  UnsupportedEventError,
  WebhookSignatureError,
  type CreatedPayment,
  type PaymentEvent,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderRefund,
  paymentReferenceOf,
} from "~/services/payments/provider.server";

// The local test provider: no money moves. Its "hosted page" is /pay/dev/:orderId, whose
// buttons sign an event exactly as a provider would sign a webhook; the page then hands the
// signed body to parseWebhook and the result to the same processing code as Stripe's.

export const DEV_SIGNATURE_HEADER = "x-shanshui-dev-signature";

/**
 * The fee the dev provider pretends to keep: 0.6 %, the usual merchant rate of WeChat Pay and
 * Alipay, rounded half up to the fen. Simulated so that test payments and the demo data post to
 * the payment_fees account as real ones do.
 */
export const DEV_FEE_BP = 60;

export function devPaymentFee(amountFen: number): number {
  return basisPointsOf(amountFen, DEV_FEE_BP);
}

const devEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(["dev.payment.approved", "dev.payment.declined", "dev.session.expired"]),
  session_id: z.string().min(1).max(200),
  amount_fen: z.number().int().positive(),
});
export type DevEventType = z.infer<typeof devEventSchema>["type"];

function signingSecret(): string {
  return `dev-payments:${getEnv().sessionSecrets[0]}`;
}

function sign(body: string): string {
  return createHmac("sha256", signingSecret()).update(body).digest("hex");
}

export function devSessionId(orderId: number, attempt: number): string {
  return `dev_cs_${orderId}_${attempt}`;
}

/** A booking's dev sessions have a prefix of their own: they never collide with an order's. */
export function devBookingSessionId(bookingId: number, attempt: number): string {
  return `dev_bk_${bookingId}_${attempt}`;
}

/** The signed webhook the dev payment page produces for an outcome. One id per session and outcome. */
export function createDevWebhook(input: { sessionId: string; type: DevEventType; amountFen: number }): { body: string; headers: Headers } {
  const body = JSON.stringify({ id: `dev_evt_${input.type}_${input.sessionId}`, type: input.type, session_id: input.sessionId, amount_fen: input.amountFen });
  return { body, headers: new Headers({ [DEV_SIGNATURE_HEADER]: sign(body), "content-type": "application/json" }) };
}

export const devProvider: PaymentProvider = {
  name: "dev",

  async createPayment(request: PaymentRequest): Promise<CreatedPayment> {
    const reference = paymentReferenceOf(request);
    if (reference.kind === "booking") {
      const sessionId = devBookingSessionId(reference.id, request.attempt);
      const query = new URLSearchParams({ token: request.accessToken, session: sessionId });
      return { sessionId, url: `/pay/dev/booking/${reference.id}?${query}`, expiresAt: request.expiresAt };
    }
    const sessionId = devSessionId(reference.id, request.attempt);
    const query = new URLSearchParams({ token: request.accessToken, session: sessionId });
    return { sessionId, url: `/pay/dev/${reference.id}?${query}`, expiresAt: request.expiresAt };
  },

  async parseWebhook(rawBody: string, headers: Headers): Promise<PaymentEvent> {
    const given = Buffer.from(headers.get(DEV_SIGNATURE_HEADER) ?? "", "utf8");
    const expected = Buffer.from(sign(rawBody), "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookSignatureError("bad dev signature");
    const parsed = devEventSchema.safeParse(JSON.parse(rawBody));
    if (!parsed.success) throw new UnsupportedEventError("not a dev payment event");
    const event = parsed.data;
    const base = { provider: "dev" as const, eventId: event.id, eventType: event.type, sessionId: event.session_id };
    switch (event.type) {
      case "dev.payment.approved":
        return {
          ...base,
          kind: "payment_succeeded",
          providerPaymentId: `dev_pi_${event.session_id}`,
          amountFen: event.amount_fen,
          currency: "cny",
          feeFen: devPaymentFee(event.amount_fen),
        };
      case "dev.payment.declined":
        return { ...base, kind: "payment_failed" };
      case "dev.session.expired":
        return { ...base, kind: "session_expired" };
    }
  },

  async refund(input): Promise<ProviderRefund> {
    // Deterministic in the key, like a real provider's idempotent refunds.
    const digest = createHash("sha256").update(input.idempotencyKey).digest("hex").slice(0, 24);
    return { providerRefundId: `dev_re_${digest}`, status: "succeeded" };
  },

  async expirePayment() {
    // Dev sessions end with their payment row; nothing to tell anyone.
  },

  async lookupPayment() {
    // The dev page processes its events as it answers: there is never news to fetch.
    return null;
  },
};
