import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

// Whether an account has proved it receives mail at its address (the link in
// `email.verify_email`); guest orders with that address may join the account only then.

export async function isEmailVerified(db: Kysely<Database>, { userId }: { userId: number }): Promise<boolean> {
  const row = await db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirst();
  return Boolean(row?.email_verified_at);
}

/**
 * Marks the address confirmed, if it is still the account's address (a link made for an
 * address the account has since changed confirms nothing). The first confirmation's time stays.
 */
export async function markEmailVerified(db: Kysely<Database>, { userId, email }: { userId: number; email: string }): Promise<boolean> {
  const updated = await db
    .updateTable("users")
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())`, updated_at: sql`now()` })
    .where("id", "=", userId)
    .where("email", "=", email)
    .returning("id")
    .executeTakeFirst();
  return Boolean(updated);
}
