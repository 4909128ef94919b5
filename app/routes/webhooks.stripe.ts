import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { processPaymentEvent, UnknownPaymentError } from "~/services/payments/process-event.server";
import { UnsupportedEventError, WebhookSignatureError } from "~/services/payments/provider.server";
import { stripeProvider } from "~/services/payments/stripe.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

// Stripe's signed events. The signature is checked on the raw body, before anything is
// parsed; an event that is not authentic, of a type the shop does not handle, or about a
// session it does not know is answered 400 and changes nothing. A repeat is answered 200.

const MAX_BODY_BYTES = 512 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "Method not allowed" }, { status: 405 });
  if (!getEnv().STRIPE_SECRET_KEY || !getEnv().STRIPE_WEBHOOK_SECRET) return json({ error: "Stripe is not configured" }, { status: 404 });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return json({ error: "Too large" }, { status: 413 });
  try {
    const event = await stripeProvider().parseWebhook(rawBody, request.headers);
    const result = await processPaymentEvent(db(), event);
    return json({ received: true, duplicate: result.status === "duplicate" });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return json({ error: "Bad signature" }, { status: 400 });
    if (error instanceof UnsupportedEventError || error instanceof UnknownPaymentError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}

export async function loader() {
  return json({ error: "Method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
