import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { normalizeEmail } from "~/models/user.server";
import { withTransaction } from "~/models/transaction.server";

/**
 * Sign-ups waiting for their address to be confirmed. The account is made only when the link
 * e-mailed to the address is used, so the sign-up page never has to say whether the address
 * already has one (its owner is told by e-mail instead). The link's token exists only in the
 * e-mail; its SHA-256 is stored.
 */

export const SIGNUP_LINK_VALID_HOURS = 24;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSignupRequest(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string; locale: Locale; redirectTo: string | null },
): Promise<{ token: string }> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("signup_requests")
    .values({
      token_hash: hashToken(token),
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      password_hash: input.passwordHash,
      locale: input.locale,
      redirect_to: input.redirectTo,
      expires_at: sql<Date>`now() + ${SIGNUP_LINK_VALID_HOURS}::integer * interval '1 hour'`,
    })
    .execute();
  return { token };
}

/** The waiting sign-up this token confirms, while it is valid. */
export async function findSignupRequest(db: Kysely<Database>, input: { token: string }) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) return undefined;
  return db
    .selectFrom("signup_requests")
    .select(["email", "name"])
    .where("token_hash", "=", hashToken(input.token))
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export type SignupCompletion = { ok: true; userId: number; redirectTo: string | null } | { ok: false };

/**
 * Makes the account of a confirmed sign-up (its address is thereby verified) and forgets every
 * waiting sign-up for that address. Refused when the link is unknown or expired, or when the
 * address got an account meanwhile.
 */
export async function completeSignup(db: Kysely<Database>, input: { token: string }): Promise<SignupCompletion> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) return { ok: false };
  return withTransaction(db, async (trx): Promise<SignupCompletion> => {
    const request = await trx
      .deleteFrom("signup_requests")
      .where("token_hash", "=", hashToken(input.token))
      .where("expires_at", ">", sql<Date>`now()`)
      .returning(["email", "name", "password_hash", "locale", "redirect_to"])
      .executeTakeFirst();
    if (!request) return { ok: false };
    await trx.deleteFrom("signup_requests").where("email", "=", request.email).execute();
    const user = await trx
      .insertInto("users")
      .values({
        email: request.email,
        password_hash: request.password_hash,
        name: request.name,
        role: "shopper",
        locale: request.locale,
        email_verified_at: sql<Date>`now()`,
        password_changed_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!user) return { ok: false };
    return { ok: true, userId: user.id, redirectTo: request.redirect_to };
  });
}

/** Drops sign-ups whose link expired; run periodically. */
export async function deleteExpiredSignupRequests(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom("signup_requests").where("expires_at", "<=", sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
