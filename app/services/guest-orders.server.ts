import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { isEmailVerified, markEmailVerified } from "~/models/user.server";
import { enqueueOutbox, outboxMessageExists } from "~/models/outbox.server";
import { claimGuestOrders, listClaimableGuestOrders } from "~/models/order/history.server";
import { findOrderForLookup } from "~/models/order/order.server";
import { lookupByNumberAndMobile, type GuestLookupResult } from "~/services/guest-lookup.server";
import { getEnv } from "~/utils/env.server";
import { issueOrderLinkToken } from "~/utils/order-link.server";

/**
 * Claiming guest orders. Anyone can sign up with any e-mail address, so orders placed as a
 * guest with that address join the account only after the account proves it receives
 * mail there: a link e-mailed through the outbox (`email.verify_email`), opened while
 * signed in as that account.
 *
 * The link's token is signed, not stored: HMAC-SHA256 (with the session secret) over the
 * user id, the e-mail address and the expiry. Changing the address, or the link expiring,
 * invalidates it; it only works for the account it was made for.
 */

export const VERIFY_EMAIL_VALID_HOURS = 48;
/** At most one link per account in this window (asking again within it sends nothing). */
export const VERIFY_EMAIL_RESEND_MINUTES = 5;

function sign(secret: string, { userId, email, expires }: { userId: number; email: string; expires: number }): string {
  return createHmac("sha256", secret).update(`verify-email|${userId}|${email}|${expires}`).digest("base64url");
}

export function emailVerificationToken({ userId, email, now = new Date() }: { userId: number; email: string; now?: Date }): string {
  const expires = Math.floor(now.getTime() / 1000) + VERIFY_EMAIL_VALID_HOURS * 3600;
  return `${userId}.${expires}.${sign(getEnv().sessionSecrets[0]!, { userId, email, expires })}`;
}

/** True when the token was made for this user and address and has not expired. */
export function checkEmailVerificationToken(token: string, { userId, email, now = new Date() }: { userId: number; email: string; now?: Date }): boolean {
  const match = /^(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return false;
  const [, tokenUser, rawExpires, signature] = match;
  const expires = Number(rawExpires);
  if (Number(tokenUser) !== userId || expires * 1000 < now.getTime()) return false;
  // Compared as sent, not decoded: the last of 43 base64url characters carries two unused bits,
  // so decoding would accept altered spellings of the same signature.
  const given = Buffer.from(signature!);
  // Every configured secret verifies, so rotating the secret does not break links in flight.
  return getEnv().sessionSecrets.some((secret) => {
    const expected = Buffer.from(sign(secret, { userId, email, expires }));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export type VerificationRequest = "sent" | "recently_sent" | "already_verified";

/** Queues the confirmation e-mail, at most once per resend window. */
export async function requestEmailVerification(
  db: Kysely<Database>,
  { user, locale, now = new Date() }: { user: { id: number; email: string }; locale: Locale; now?: Date },
): Promise<VerificationRequest> {
  if (await isEmailVerified(db, { userId: user.id })) return "already_verified";
  const window = Math.floor(now.getTime() / (VERIFY_EMAIL_RESEND_MINUTES * 60_000));
  const dedupeKey = `verify-email:${user.id}:${window}`;
  if (await outboxMessageExists(db, { dedupeKey })) return "recently_sent";
  await enqueueOutbox(db, {
    kind: "email.verify_email",
    dedupeKey,
    payload: { userId: user.id, to: user.email, token: emailVerificationToken({ userId: user.id, email: user.email, now }), locale, validHours: VERIFY_EMAIL_VALID_HOURS },
  });
  return "sent";
}

/** Marks the address confirmed if the token is good for this user and their current address. */
export async function confirmEmailVerification(db: Kysely<Database>, { user, token }: { user: { id: number; email: string }; token: string }): Promise<boolean> {
  if (!checkEmailVerificationToken(token, { userId: user.id, email: user.email })) return false;
  return markEmailVerified(db, { userId: user.id, email: user.email });
}

/** The guest orders this account may claim: none until its address is confirmed. */
export async function claimableOrdersFor(db: Kysely<Database>, { user }: { user: { id: number; email: string } }) {
  if (!(await isEmailVerified(db, { userId: user.id }))) return null;
  return listClaimableGuestOrders(db, { email: user.email });
}

/** Claims the chosen guest orders; refuses (returns null) while the address is unconfirmed. */
export async function claimOrders(db: Kysely<Database>, { user, orderIds }: { user: { id: number; email: string }; orderIds: number[] }): Promise<number | null> {
  if (!(await isEmailVerified(db, { userId: user.id }))) return null;
  return claimGuestOrders(db, { userId: user.id, email: user.email, orderIds });
}

/**
 * The guest order lookup (/orders/lookup): the order number and the mobile number given at
 * checkout open the order page with a fresh link (ORDER_LINK_VALID_DAYS, see order-link.server). Guessing is throttled twice: per client (one
 * address trying many orders) and per order number (many addresses trying one order's
 * mobile numbers). A wrong mobile number and a number with no order get the same answer
 * after the same work: both counters, one query, one constant-time comparison.
 */
export const ORDER_LOOKUP_LIMITS = {
  perClient: { limit: 10, windowSeconds: 15 * 60 },
  perOrder: { limit: 5, windowSeconds: 60 * 60 },
} as const;

export type OrderLookupResult = GuestLookupResult;

/** `number` and `phone` already validated and normalised (ORDER_NUMBER_PATTERN, mainland mobile). */
export async function lookupGuestOrder(
  db: Kysely<Database>,
  input: { number: string; phone: string; clientAddress: string },
): Promise<OrderLookupResult> {
  return lookupByNumberAndMobile(db, {
    kind: "order",
    limits: { perClient: ORDER_LOOKUP_LIMITS.perClient, perNumber: ORDER_LOOKUP_LIMITS.perOrder },
    number: input.number,
    mobile: input.phone,
    clientAddress: input.clientAddress,
    find: (number) => findOrderForLookup(db, { number }),
    mobileOf: (order) => order.phone,
    // A fresh, time-limited link rather than the order's own: the own link may be the one that
    // leaked (an old e-mail, a screenshot), and the lookup should not be what hands it out again.
    freshLink: (order) => {
      const { token, expiresAt } = issueOrderLinkToken({ orderId: order.id, accessToken: order.access_token });
      return { number: order.number, path: `/orders/${encodeURIComponent(order.number)}?${new URLSearchParams({ token })}`, expiresAt };
    },
  });
}
