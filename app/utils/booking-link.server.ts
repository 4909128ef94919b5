import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

/**
 * Fresh booking links, the twin of order-link.server.ts: handed out by the booking lookup and
 * put in the reminder and cancellation e-mails instead of the booking's own link (whose secret
 * only the guest's first answer ever held; the database keeps its hash). A fresh link's token is
 * HMAC-SHA256 (with the session secret) over the booking id, the hash of the booking's own
 * secret, the expiry and a random nonce: no table, different every time, valid for
 * BOOKING_LINK_VALID_DAYS, and dead with the booking's own secret.
 *
 * Shape: `B1.<expiry, unix seconds>.<nonce, 22 chars>.<signature, 43 chars>`. The booking's own
 * token is 43 base64url characters without dots, so the two never look alike.
 */

export const BOOKING_LINK_VALID_DAYS = 60;

const PATTERN = /^B1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

interface LinkSubject {
  bookingId: number;
  /** bookings.access_token_hash */
  accessTokenHash: string;
}

function sign(secret: string, subject: LinkSubject, expires: number, nonce: string): string {
  return createHmac("sha256", secret).update(`booking-link|${subject.bookingId}|${subject.accessTokenHash}|${expires}|${nonce}`).digest("base64url");
}

export function issueBookingLinkToken(subject: LinkSubject, now: Date = new Date()): { token: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + BOOKING_LINK_VALID_DAYS * 24 * 3600;
  const nonce = randomBytes(16).toString("base64url");
  return { token: `B1.${expires}.${nonce}.${sign(getEnv().sessionSecrets[0]!, subject, expires, nonce)}`, expiresAt: new Date(expires * 1000) };
}

/** True when `token` is an unexpired fresh link made for this booking and its current secret. */
export function checkBookingLinkToken(token: string | null | undefined, subject: LinkSubject, now: Date = new Date()): boolean {
  if (!token) return false;
  const match = PATTERN.exec(token);
  if (!match) return false;
  const [, rawExpires, nonce, signature] = match;
  const expires = Number(rawExpires);
  if (expires * 1000 <= now.getTime()) return false;
  const given = Buffer.from(signature!);
  return getEnv().sessionSecrets.some((secret) => {
    const expected = Buffer.from(sign(secret, subject, expires, nonce!));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The path of a booking's page with a link token. */
export function bookingPath(number: string, token: string): string {
  return `/bookings/${encodeURIComponent(number)}?${new URLSearchParams({ token })}`;
}

/**
 * Whether a token opens this booking: its own link's secret (whose SHA-256 is stored), or an
 * unexpired fresh link signed for it.
 */
export function bookingLinkAccepted(subject: LinkSubject, token: string | null | undefined, now: Date = new Date()): boolean {
  if (!token || token.length > 200) return false;
  if (token.startsWith("B1.")) return checkBookingLinkToken(token, subject, now);
  const stored = Buffer.from(subject.accessTokenHash, "hex");
  const given = createHash("sha256").update(token, "utf8").digest();
  return stored.length === given.length && timingSafeEqual(stored, given);
}
