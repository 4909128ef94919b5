// The one shape every payment provider has. The rest of the shop knows payments only
// through this: create a payment for an order, turn a signed webhook into normalized
// events, refund. Stripe and the local dev provider both implement it, and both feed
// their events to the same processing code (process-event.server.ts).

export type ProviderName = "stripe" | "dev";

/** What is being paid for: an order of goods or a booking of a stay or an experience. */
export interface PaymentReference {
  kind: "order" | "booking";
  id: number;
  number: string;
}

interface PaymentRequestCommon {
  /** The guest link token: success and cancel URLs lead back to the order (or booking) page with it. */
  accessToken: string;
  /** 1 for the first payment of the order, +1 for each "try again". */
  attempt: number;
  locale: "zh" | "en";
  /** Null when the shopper or guest gave no address (the provider then asks for none). */
  email: string | null;
  currency: "CNY";
  totalFen: number;
  shippingFen: number;
  lines: { name: string; unitPriceFen: number; quantity: number }[];
  /** The stock reservation's (or booking hold's) expiry: the payment session ends with it. */
  expiresAt: Date;
}

/**
 * What a provider needs to know to take a payment. Orders name themselves by orderId and
 * orderNumber (as they always have); bookings by a reference.
 */
export type PaymentRequest = PaymentRequestCommon &
  ({ orderId: number; orderNumber: string; reference?: undefined } | { reference: PaymentReference & { kind: "booking" }; orderId?: undefined; orderNumber?: undefined });

/** The reference of any request: an order's when it names an order. */
export function paymentReferenceOf(request: PaymentRequest): PaymentReference {
  if (request.reference) return request.reference;
  return { kind: "order", id: request.orderId, number: request.orderNumber };
}

export interface CreatedPayment {
  sessionId: string;
  /** Where to send the shopper to pay. */
  url: string;
  expiresAt: Date;
}

/**
 * A provider event, normalized. `eventId` is the provider's own id (a repeat delivery has
 * the same one), `sessionId` identifies the payment attempt (our `payments` row).
 */
export type PaymentEvent =
  | {
      kind: "payment_succeeded";
      provider: ProviderName;
      eventId: string;
      eventType: string;
      sessionId: string;
      /** The provider's id of the captured payment (Stripe PaymentIntent): what refunds name. */
      providerPaymentId: string;
      amountFen: number;
      currency: string;
      /**
       * What the provider kept of the payment, in fen (0 when it kept nothing in CNY, or the
       * figure could not be read): posted to the shop's payment_fees account with the capture.
       */
      feeFen: number;
    }
  | {
      /** A completed checkout whose money has not arrived yet (asynchronous methods). */
      kind: "payment_pending";
      provider: ProviderName;
      eventId: string;
      eventType: string;
      sessionId: string;
    }
  | { kind: "payment_failed"; provider: ProviderName; eventId: string; eventType: string; sessionId: string }
  | { kind: "session_expired"; provider: ProviderName; eventId: string; eventType: string; sessionId: string }
  | {
      /** The provider's view of refunds on a captured payment (Stripe `charge.refunded`). */
      kind: "refunds_updated";
      provider: ProviderName;
      eventId: string;
      eventType: string;
      providerPaymentId: string;
      amountRefundedFen: number;
      refunds: { providerRefundId: string; amountFen: number; status: "pending" | "succeeded" | "failed" }[];
    };

export interface ProviderRefund {
  providerRefundId: string;
  status: "pending" | "succeeded" | "failed";
}

export interface PaymentProvider {
  readonly name: ProviderName;
  /** Creates the hosted payment for one attempt. Repeating a call for the same attempt returns the same session. */
  createPayment(request: PaymentRequest): Promise<CreatedPayment>;
  /**
   * Verifies a webhook on its raw body and normalizes it.
   * Throws WebhookSignatureError when it is not authentic, UnsupportedEventError when it is
   * authentic but of a kind the shop does not handle.
   */
  parseWebhook(rawBody: string, headers: Headers): Promise<PaymentEvent>;
  /** Refunds part or all of a captured payment; the same idempotency key never refunds twice. */
  refund(input: { providerPaymentId: string; amountFen: number; idempotencyKey: string; reason?: string }): Promise<ProviderRefund>;
  /** Closes an open session so it cannot be paid any more (a newer attempt replaces it). Best effort. */
  expirePayment(sessionId: string): Promise<void>;
  /**
   * Asks the provider how a session ended, for a shopper who is back before the webhook:
   * a normalized event (with an id of its own, so the webhook's is still processed) or null
   * while it is still open.
   */
  lookupPayment(sessionId: string): Promise<PaymentEvent | null>;
}

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

export class UnsupportedEventError extends Error {
  override name = "UnsupportedEventError";
}

/** The provider refused or could not be reached; `retryable` when the same request may still succeed. */
export class PaymentProviderError extends Error {
  override name = "PaymentProviderError";
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
