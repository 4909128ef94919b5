import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local stand-in for the parts of the Stripe API the shop calls, reached through the real
 * `stripe` SDK (STRIPE_API_BASE). It is strict where Stripe is: requests without the secret
 * key, an idempotency key, a currency, line items, the mode, return URLs or an expiry in
 * Stripe's 30 minutes–24 hours window are refused with Stripe-shaped errors; an idempotency
 * key replays its first answer and refuses different parameters. Every request is recorded.
 * A paid session's PaymentIntent can be retrieved, its charge's balance transaction expanded
 * with the fee Stripe kept (see `setFees`).
 */

export const DOUBLE_SECRET_KEY = "sk_test_shanshui_double";
export const DOUBLE_WEBHOOK_SECRET = "whsec_shanshui_double_secret";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  params: Record<string, unknown>;
  status: number;
}

export interface DoubleSession {
  id: string;
  object: "checkout.session";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  amount_total: number;
  currency: string;
  expires_at: number;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  url: string;
  success_url: string;
  cancel_url: string;
  customer_email: string | null;
  allowed_payment_method_types: string[];
  payment_method_types: string[];
  line_items: { quantity: number; amount: number; name: string }[];
  mode: "payment";
  livemode: false;
}

export interface DoubleRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  status: "succeeded";
  metadata: Record<string, string>;
}

class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part, index) => part !== "" || index === 0);
    let node: Record<string, unknown> = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        node[segment] = value;
      } else {
        node[segment] ??= {};
        node = node[segment] as Record<string, unknown>;
      }
    });
  }
  const arrays = (value: unknown): unknown => {
    if (!value || typeof value !== "object") return value;
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => arrays(object[k]));
    }
    return Object.fromEntries(keys.map((k) => [k, arrays(object[k])]));
  };
  return arrays(root) as Record<string, unknown>;
}

const KNOWN_METHODS = new Set(["card", "alipay", "wechat_pay"]);

function id(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString("hex")}`;
}

function int(value: unknown): number | null {
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : null;
}

function isUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * What the double's balance transactions say Stripe kept of a charge: `rateBp` of it plus
 * `fixed`, in `currency`. By default a Hong Kong account's: 3.4 % + 2.35 settled in HKD (the
 * shop then records no fee, as it cannot be had in CNY). `settled: false` answers as Stripe does
 * while an asynchronous capture has not made the balance transaction yet (null).
 */
export interface DoubleFees {
  rateBp: number;
  fixed: number;
  currency: string;
  settled: boolean;
}
const HONG_KONG_FEES: DoubleFees = { rateBp: 340, fixed: 235, currency: "hkd", settled: true };
/** HKD per CNY in the double's conversions. */
const HKD_PER_CNY = 1.08;

export interface StripeDouble {
  url: string;
  requests: RecordedRequest[];
  sessions: Map<string, DoubleSession>;
  refunds: DoubleRefund[];
  /** Completes a session as Stripe does when the shopper pays; returns it (for building the webhook). */
  pay(sessionId: string, options?: { paymentStatus?: "paid" | "unpaid" }): DoubleSession;
  /** Expires a session as Stripe does at its expires_at. */
  expire(sessionId: string): DoubleSession;
  /** A Stripe event around an object, as delivered to webhooks. */
  event(type: string, object: unknown): { id: string; object: "event"; type: string; api_version: string; created: number; livemode: false; data: { object: unknown } };
  /** The charge of a paid session as `charge.refunded` carries it, with this double's refunds. */
  charge(sessionId: string): Record<string, unknown>;
  /** Sets what balance transactions report from now on (see DoubleFees). */
  setFees(fees: Partial<DoubleFees>): void;
  /** The fee a balance transaction reports for a charge of `amount` under the current fees. */
  feeFor(amount: number): number;
  /** Makes the next N requests to a path prefix fail with a 500. */
  failNext(pathPrefix: string, count?: number): void;
  close(): Promise<void>;
}

/** A signed webhook delivery (body and headers) for an event, as Stripe would send it. */
export function signedWebhook(event: unknown, options: { secret?: string; timestamp?: number; body?: string } = {}) {
  const payload = options.body ?? JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: JSON.stringify(event),
    secret: options.secret ?? DOUBLE_WEBHOOK_SECRET,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return { body: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": signature } };
}

export async function startStripeDouble(options: { secretKey?: string } = {}): Promise<StripeDouble> {
  const secretKey = options.secretKey ?? DOUBLE_SECRET_KEY;
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, DoubleSession>();
  const refunds: DoubleRefund[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const failures = new Map<string, number>();
  let fees: DoubleFees = { ...HONG_KONG_FEES };
  let base = "";

  function createSession(params: Record<string, unknown>): DoubleSession {
    if (params.mode !== "payment") throw new StripeError(400, "invalid_request_error", "Missing required param: mode.", "mode");
    if ("payment_method_types" in params) {
      throw new StripeError(400, "invalid_request_error", "Received unknown parameter: payment_method_types. Did you mean allowed_payment_method_types?", "payment_method_types");
    }
    const currency = params.currency;
    if (typeof currency !== "string" || currency !== currency.toLowerCase() || currency.length !== 3) {
      throw new StripeError(400, "invalid_request_error", "Missing required param: currency.", "currency");
    }
    const items = params.line_items;
    if (!Array.isArray(items) || items.length === 0) throw new StripeError(400, "invalid_request_error", "Missing required param: line_items.", "line_items");
    const lines = items.map((raw, index) => {
      const item = raw as { quantity?: unknown; price_data?: { currency?: unknown; unit_amount?: unknown; product_data?: { name?: unknown } } };
      const quantity = int(item.quantity);
      const amount = int(item.price_data?.unit_amount);
      if (!quantity || quantity < 1) throw new StripeError(400, "invalid_request_error", "Invalid quantity.", `line_items[${index}][quantity]`);
      if (item.price_data?.currency !== currency) throw new StripeError(400, "invalid_request_error", "Line item currency must match.", `line_items[${index}][price_data][currency]`);
      if (amount === null || amount < 1) throw new StripeError(400, "invalid_request_error", "Invalid unit_amount.", `line_items[${index}][price_data][unit_amount]`);
      const name = item.price_data?.product_data?.name;
      if (typeof name !== "string" || name.length === 0) throw new StripeError(400, "invalid_request_error", "Missing product name.", `line_items[${index}][price_data][product_data][name]`);
      return { quantity, amount, name };
    });
    if (!isUrl(params.success_url)) throw new StripeError(400, "invalid_request_error", "Not a valid URL", "success_url");
    if (!isUrl(params.cancel_url)) throw new StripeError(400, "invalid_request_error", "Not a valid URL", "cancel_url");
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = params.expires_at === undefined ? now + 24 * 3600 : int(params.expires_at);
    // Stripe: "anywhere from 30 minutes to 24 hours after Checkout Session creation" (a few seconds of clock slack).
    if (expiresAt === null || expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600) {
      throw new StripeError(400, "invalid_request_error", "The expires_at must be between 30 minutes and 24 hours from now.", "expires_at");
    }
    const methods = (params.allowed_payment_method_types as string[] | undefined) ?? ["card"];
    for (const method of methods) {
      if (!KNOWN_METHODS.has(method)) throw new StripeError(400, "invalid_request_error", `Invalid payment method type ${method}`, "allowed_payment_method_types");
    }
    const wechat = (params.payment_method_options as { wechat_pay?: { client?: unknown } } | undefined)?.wechat_pay;
    if (methods.includes("wechat_pay") && !["web", "ios", "android"].includes(String(wechat?.client))) {
      throw new StripeError(400, "invalid_request_error", "payment_method_options[wechat_pay][client] is required", "payment_method_options[wechat_pay][client]");
    }
    const sessionId = id("cs");
    const session: DoubleSession = {
      id: sessionId,
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      amount_total: lines.reduce((sum, line) => sum + line.quantity * line.amount, 0),
      currency,
      expires_at: expiresAt,
      client_reference_id: typeof params.client_reference_id === "string" ? params.client_reference_id : null,
      metadata: (params.metadata as Record<string, string>) ?? {},
      url: `${base}/c/pay/${sessionId}`,
      success_url: String(params.success_url),
      cancel_url: String(params.cancel_url),
      customer_email: typeof params.customer_email === "string" ? params.customer_email : null,
      allowed_payment_method_types: methods,
      payment_method_types: methods,
      line_items: lines,
      mode: "payment",
      livemode: false,
    };
    sessions.set(sessionId, session);
    return session;
  }

  function sessionByIntent(paymentIntent: string): DoubleSession | undefined {
    return [...sessions.values()].find((s) => s.payment_intent === paymentIntent);
  }

  function createRefund(params: Record<string, unknown>): DoubleRefund {
    const paymentIntent = params.payment_intent;
    const session = typeof paymentIntent === "string" ? sessionByIntent(paymentIntent) : undefined;
    if (!session || session.payment_status !== "paid") throw new StripeError(400, "invalid_request_error", `No such payment_intent: '${String(paymentIntent)}'`, "payment_intent", "resource_missing");
    const refunded = refunds.filter((r) => r.payment_intent === paymentIntent).reduce((sum, r) => sum + r.amount, 0);
    const amount = params.amount === undefined ? session.amount_total - refunded : int(params.amount);
    if (amount === null || amount < 1) throw new StripeError(400, "invalid_request_error", "Invalid positive integer", "amount");
    if (amount > session.amount_total - refunded) {
      throw new StripeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${session.amount_total - refunded})`, "amount", "amount_too_large");
    }
    const refund: DoubleRefund = {
      id: id("re"),
      object: "refund",
      amount,
      currency: session.currency,
      payment_intent: paymentIntent as string,
      charge: `ch_for_${paymentIntent as string}`,
      status: "succeeded",
      metadata: (params.metadata as Record<string, string>) ?? {},
    };
    refunds.push(refund);
    return refund;
  }

  function feeFor(amount: number): number {
    return Math.round((amount * fees.rateBp) / 10_000) + fees.fixed;
  }

  /** A paid session's PaymentIntent; its latest charge (and that charge's balance transaction) expanded on request. */
  function paymentIntent(paymentIntentId: string, params: Record<string, unknown>) {
    const session = sessionByIntent(paymentIntentId);
    if (!session) throw new StripeError(404, "invalid_request_error", `No such payment_intent: '${paymentIntentId}'`, "id", "resource_missing");
    const expand = ([params.expand ?? []].flat() as unknown[]).map(String);
    const chargeId = `ch_for_${paymentIntentId}`;
    const amount = fees.currency === session.currency ? session.amount_total : Math.round(session.amount_total * HKD_PER_CNY);
    const balanceTransaction = {
      id: `txn_for_${paymentIntentId}`,
      object: "balance_transaction",
      amount,
      currency: fees.currency,
      exchange_rate: fees.currency === session.currency ? null : HKD_PER_CNY,
      fee: feeFor(amount),
      net: amount - feeFor(amount),
      type: "charge",
      source: chargeId,
    };
    const charge = {
      id: chargeId,
      object: "charge",
      amount: session.amount_total,
      currency: session.currency,
      payment_intent: paymentIntentId,
      balance_transaction: !fees.settled ? null : expand.includes("latest_charge.balance_transaction") ? balanceTransaction : balanceTransaction.id,
    };
    const paid = session.payment_status === "paid";
    return {
      id: paymentIntentId,
      object: "payment_intent",
      amount: session.amount_total,
      amount_received: paid ? session.amount_total : 0,
      currency: session.currency,
      status: paid ? "succeeded" : "requires_payment_method",
      metadata: session.metadata,
      latest_charge: !paid ? null : expand.some((path) => path === "latest_charge" || path.startsWith("latest_charge.")) ? charge : chargeId,
    };
  }

  function route(method: string, path: string, params: Record<string, unknown>): unknown {
    if (method === "POST" && path === "/v1/checkout/sessions") return createSession(params);
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (sessionMatch) {
      const session = sessions.get(decodeURIComponent(sessionMatch[1]!));
      if (!session) throw new StripeError(404, "invalid_request_error", `No such checkout.session: '${sessionMatch[1]}'`, "id", "resource_missing");
      if (method === "GET" && !sessionMatch[2]) return session;
      if (method === "POST" && sessionMatch[2]) {
        if (session.status !== "open") throw new StripeError(400, "invalid_request_error", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
        session.status = "expired";
        return session;
      }
    }
    if (method === "POST" && path === "/v1/refunds") return createRefund(params);
    const intentMatch = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === "GET" && intentMatch) return paymentIntent(decodeURIComponent(intentMatch[1]!), params);
    throw new StripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://double");
    const params = req.method === "GET" ? parseStripeForm(url.searchParams.toString()) : parseStripeForm(raw);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
    const record: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, headers, params, status: 0 };
    requests.push(record);
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { "Content-Type": "application/json", "Request-Id": id("req"), ...extra });
      res.end(JSON.stringify(body));
    };
    try {
      if (headers.authorization !== `Bearer ${secretKey}`) {
        throw new StripeError(401, "invalid_request_error", "Invalid API Key provided.");
      }
      if (!headers["stripe-version"]) throw new StripeError(400, "invalid_request_error", "A Stripe-Version header is required by this double.");
      for (const [prefix, count] of failures) {
        if (url.pathname.startsWith(prefix) && count > 0) {
          failures.set(prefix, count - 1);
          throw new StripeError(500, "api_error", "Something went wrong on Stripe's end.");
        }
      }
      if (req.method === "POST") {
        const key = headers["idempotency-key"];
        if (!key) throw new StripeError(400, "invalid_request_error", "This double requires an Idempotency-Key on every POST.");
        const fingerprint = `${url.pathname}?${raw}`;
        const previous = idempotency.get(key);
        if (previous) {
          if (previous.fingerprint !== fingerprint) {
            throw new StripeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
          }
          return send(previous.status, previous.body, { "Idempotent-Replayed": "true" });
        }
        const body = route("POST", url.pathname, params);
        idempotency.set(key, { fingerprint, status: 200, body });
        return send(200, body);
      }
      return send(200, route(req.method ?? "GET", url.pathname, params));
    } catch (error) {
      if (error instanceof StripeError) {
        return send(error.status, { error: { type: error.type, message: error.message, param: error.param, code: error.code } });
      }
      return send(500, { error: { type: "api_error", message: String(error) } });
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    sessions,
    refunds,
    pay(sessionId, payOptions = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      session.status = "complete";
      session.payment_status = payOptions.paymentStatus ?? "paid";
      session.payment_intent ??= id("pi");
      return { ...session };
    },
    expire(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      session.status = "expired";
      return { ...session };
    },
    event(type, object) {
      return { id: id("evt"), object: "event", type, api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, data: { object } };
    },
    charge(sessionId) {
      const session = sessions.get(sessionId);
      if (!session?.payment_intent) throw new Error(`session ${sessionId} is not paid`);
      const own = refunds.filter((r) => r.payment_intent === session.payment_intent);
      return {
        id: `ch_for_${session.payment_intent}`,
        object: "charge",
        amount: session.amount_total,
        amount_captured: session.amount_total,
        amount_refunded: own.reduce((sum, r) => sum + r.amount, 0),
        currency: session.currency,
        payment_intent: session.payment_intent,
        refunded: own.reduce((sum, r) => sum + r.amount, 0) === session.amount_total,
        refunds: { object: "list", data: own.map((r) => ({ id: r.id, amount: r.amount, status: r.status })) },
      };
    },
    setFees(changes) {
      fees = { ...fees, ...changes };
    },
    feeFor,
    failNext(pathPrefix, count = 1) {
      failures.set(pathPrefix, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts the double and points the app at it (STRIPE_* variables, provider `stripe`) until
 * `stop()`, which also restores the environment.
 */
export async function useStripeDouble(): Promise<{ double: StripeDouble; stop(): Promise<void> }> {
  const { resetEnvForTests } = await import("~/utils/env.server");
  const double = await startStripeDouble();
  const names = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "STRIPE_PAYMENT_METHODS"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  process.env.STRIPE_SECRET_KEY = DOUBLE_SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = DOUBLE_WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = double.url;
  process.env.STRIPE_PAYMENT_METHODS = "card,alipay,wechat_pay";
  resetEnvForTests();
  return {
    double,
    async stop() {
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      resetEnvForTests();
      await double.close();
    },
  };
}
