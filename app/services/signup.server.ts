import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { enqueueOutbox } from "~/models/outbox.server";
import { consumeRateLimit } from "~/models/rate-limit.server";
import { createSignupRequest, SIGNUP_LINK_VALID_HOURS } from "~/models/signup-request.server";
import { withTransaction } from "~/models/transaction.server";
import { findUserByEmail, normalizeEmail } from "~/models/user.server";
import { hashPassword } from "~/utils/password.server";

/** At most this many sign-up e-mails to one address an hour, whoever asks (beyond it, nothing is sent: the page still answers the same). */
const MAILS_PER_ADDRESS = { limit: 3, windowSeconds: 60 * 60 };

/**
 * A sign-up, answered the same way whether or not the address has an account: the password is
 * hashed either way (the time it takes is most of the request), then either a confirmation link
 * goes to a new address, or its owner is told that someone tried to sign up with it. The
 * caller shows "check your e-mail" in both cases.
 */
export async function requestSignup(
  db: Kysely<Database>,
  input: { name: string; email: string; password: string; locale: Locale; redirectTo: string | null },
): Promise<void> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const mailLimit = await consumeRateLimit(db, { key: `signup:email:${email}`, ...MAILS_PER_ADDRESS });
  if (!mailLimit.allowed) return;
  const existing = await findUserByEmail(db, { email });
  await withTransaction(db, async (trx) => {
    if (existing) {
      const hour = Math.floor(Date.now() / 3_600_000);
      await enqueueOutbox(trx, {
        kind: "email.signup_existing",
        dedupeKey: `signup-existing:${existing.id}:${hour}`,
        payload: { userId: existing.id, to: email, locale: input.locale },
      });
      return;
    }
    const { token } = await createSignupRequest(trx, { email, name: input.name, passwordHash, locale: input.locale, redirectTo: input.redirectTo });
    await enqueueOutbox(trx, {
      kind: "email.signup_confirm",
      dedupeKey: `signup-confirm:${token.slice(0, 16)}`,
      payload: { to: email, name: input.name.trim(), token, locale: input.locale, validHours: SIGNUP_LINK_VALID_HOURS },
    });
  });
}
