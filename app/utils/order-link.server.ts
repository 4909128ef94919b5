import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

/**
 * Fresh order links, handed out by the guest order lookup instead of the order's own link
 * (which may sit in an old e-mail or a screenshot). A fresh link's token is signed, not
 * stored: HMAC-SHA256 (with the session secret) over the order id, the order's own link
 * secret, the expiry and a random nonce. So it needs no table, differs on every lookup,
 * stops working after ORDER_LINK_VALID_DAYS, and dies with the order's own secret.
 *
 * Shape: `L1.<expiry, unix seconds>.<nonce, 22 chars>.<signature, 43 chars>` (about 80
 * characters, within the 100 the order pages accept). The order's own token is 43 base64url
 * characters without dots, so the two never look alike.
 */

export const ORDER_LINK_VALID_DAYS = 30;

const PATTERN = /^L1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

interface LinkSubject {
  orderId: number;
  /** The order's own link secret (orders.access_token). */
  accessToken: string;
}

function sign(secret: string, subject: LinkSubject, expires: number, nonce: string): string {
  return createHmac("sha256", secret).update(`order-link|${subject.orderId}|${subject.accessToken}|${expires}|${nonce}`).digest("base64url");
}

export function issueOrderLinkToken(subject: LinkSubject, now: Date = new Date()): { token: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + ORDER_LINK_VALID_DAYS * 24 * 3600;
  const nonce = randomBytes(16).toString("base64url");
  return { token: `L1.${expires}.${nonce}.${sign(getEnv().sessionSecrets[0]!, subject, expires, nonce)}`, expiresAt: new Date(expires * 1000) };
}

/** True when `token` is an unexpired fresh link made for this order and its current secret. */
export function checkOrderLinkToken(token: string | null | undefined, subject: LinkSubject, now: Date = new Date()): boolean {
  if (!token) return false;
  const match = PATTERN.exec(token);
  if (!match) return false;
  const [, rawExpires, nonce, signature] = match;
  const expires = Number(rawExpires);
  if (expires * 1000 <= now.getTime()) return false;
  // Compared as sent, not decoded: the last of 43 base64url characters carries two unused
  // bits, so decoding would accept altered spellings of the same signature.
  const given = Buffer.from(signature!);
  // Every configured secret verifies, so rotating the secret does not break links in flight.
  return getEnv().sessionSecrets.some((secret) => {
    const expected = Buffer.from(sign(secret, subject, expires, nonce!));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
