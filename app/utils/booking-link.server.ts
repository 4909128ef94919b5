import { createHash, timingSafeEqual } from "node:crypto";
import { signedLinks } from "~/utils/signed-link.server";

/**
 * Fresh booking links: handed out by the booking lookup and put in the reminder and
 * cancellation e-mails instead of the booking's own link (whose secret only the guest's first
 * answer ever held; the database keeps its hash). Signed over the hash of the booking's own
 * secret, see signed-link.server.ts. `B1.…`; the booking's own token has no dots.
 */

export const BOOKING_LINK_VALID_DAYS = 60;

interface LinkSubject {
  bookingId: number;
  /** bookings.access_token_hash */
  accessTokenHash: string;
}

const links = signedLinks({ prefix: "B1", purpose: "booking-link", validDays: BOOKING_LINK_VALID_DAYS });

export function issueBookingLinkToken(subject: LinkSubject, now: Date = new Date()): { token: string; expiresAt: Date } {
  return links.issue({ id: subject.bookingId, secret: subject.accessTokenHash }, now);
}

/** True when `token` is an unexpired fresh link made for this booking and its current secret. */
export function checkBookingLinkToken(token: string | null | undefined, subject: LinkSubject, now: Date = new Date()): boolean {
  return links.check(token, { id: subject.bookingId, secret: subject.accessTokenHash }, now);
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
  if (links.looksSigned(token)) return checkBookingLinkToken(token, subject, now);
  const stored = Buffer.from(subject.accessTokenHash, "hex");
  const given = createHash("sha256").update(token, "utf8").digest();
  return stored.length === given.length && timingSafeEqual(stored, given);
}
