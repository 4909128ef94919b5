import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";

/**
 * Fresh access links, signed rather than stored: a token is HMAC-SHA256 (with the session
 * secret) over the kind, the row's id, the row's own link secret (or its hash), the expiry and
 * a random nonce. So it needs no table, differs every time, stops working after `validDays`,
 * and dies with the row's own secret.
 *
 * Shape: `<prefix>.<expiry, unix seconds>.<nonce, 22 chars>.<signature, 43 chars>` (about 80
 * characters). A row's own token is 43 base64url characters without dots, so the two never
 * look alike.
 */

export interface SignedLinkSubject {
  id: number;
  /** The row's own link secret, or its stored hash. */
  secret: string;
}

export interface SignedLinkKind {
  /** Token prefix, e.g. "L1" (orders) or "B1" (bookings). */
  prefix: string;
  /** Signed with the token so one kind's link never opens another kind's row. */
  purpose: string;
  validDays: number;
}

export interface SignedLinks {
  issue(subject: SignedLinkSubject, now?: Date): { token: string; expiresAt: Date };
  /** True when `token` is an unexpired fresh link made for this row and its current secret. */
  check(token: string | null | undefined, subject: SignedLinkSubject, now?: Date): boolean;
  /** Whether `token` has this kind's prefix (so it is a fresh link rather than a row's own token). */
  looksSigned(token: string): boolean;
}

export function signedLinks({ prefix, purpose, validDays }: SignedLinkKind): SignedLinks {
  if (!/^[A-Z0-9]+$/.test(prefix)) throw new Error(`signed link prefix must be capitals and digits: ${prefix}`);
  const pattern = new RegExp(`^${prefix}\\.(\\d{1,12})\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})$`);

  function sign(key: string, subject: SignedLinkSubject, expires: number, nonce: string): string {
    return createHmac("sha256", key).update(`${purpose}|${subject.id}|${subject.secret}|${expires}|${nonce}`).digest("base64url");
  }

  return {
    issue(subject, now = new Date()) {
      const expires = Math.floor(now.getTime() / 1000) + validDays * 24 * 3600;
      const nonce = randomBytes(16).toString("base64url");
      return { token: `${prefix}.${expires}.${nonce}.${sign(getEnv().sessionSecrets[0]!, subject, expires, nonce)}`, expiresAt: new Date(expires * 1000) };
    },
    check(token, subject, now = new Date()) {
      if (!token) return false;
      const match = pattern.exec(token);
      if (!match) return false;
      const [, rawExpires, nonce, signature] = match;
      const expires = Number(rawExpires);
      if (expires * 1000 <= now.getTime()) return false;
      // Compared as sent, not decoded: the last of 43 base64url characters carries two unused
      // bits, so decoding would accept altered spellings of the same signature.
      const given = Buffer.from(signature!);
      // Every configured secret verifies, so rotating the secret does not break links in flight.
      return getEnv().sessionSecrets.some((key) => {
        const expected = Buffer.from(sign(key, subject, expires, nonce!));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
    looksSigned(token) {
      return token.startsWith(`${prefix}.`);
    },
  };
}
