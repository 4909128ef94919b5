import { json } from "@remix-run/node";
import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

/**
 * Fixed-window counters in PostgreSQL, so every app instance shares them. One statement
 * counts the hit and reads the result (INSERT … ON CONFLICT DO UPDATE … RETURNING), so two
 * concurrent requests can never both see the last free slot.
 */
export interface RateLimitRule {
  /** What is counted, e.g. `login:email:ana@example.com`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  /** Seconds until the window ends (0 when allowed). */
  retryAfterSeconds: number;
}

/** The limits the site applies; one place to tune them. */
export const RATE_LIMITS = {
  // Login is throttled where the guessing happens: one address on one account (tight), one
  // address over all accounts (password spraying), and a ceiling per account over every
  // address set far above what the owner types, so a stranger cannot lock the owner out:
  // ten wrong passwords lock out only the address they came from.
  loginPerAccountAndAddress: { limit: 10, windowSeconds: 15 * 60 },
  loginPerAddress: { limit: 50, windowSeconds: 15 * 60 },
  loginPerAccount: { limit: 100, windowSeconds: 60 * 60 },
  signupPerAddress: { limit: 20, windowSeconds: 60 * 60 },
  passwordChangePerUser: { limit: 10, windowSeconds: 15 * 60 },
  invitationPerAddress: { limit: 20, windowSeconds: 15 * 60 },
} as const;

export async function consumeRateLimit(db: Kysely<Database>, { key, limit, windowSeconds }: RateLimitRule): Promise<RateLimitResult> {
  const window = sql`${windowSeconds}::integer * interval '1 second'`;
  const expired = sql`rate_limits.window_started_at <= now() - ${window}`;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_started_at: sql<Date>`now()`, hits: 1, blocked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        window_started_at: sql<Date>`CASE WHEN ${expired} THEN now() ELSE rate_limits.window_started_at END`,
        // Capped so a flood cannot overflow the counter.
        hits: sql<number>`CASE WHEN ${expired} THEN 1 ELSE LEAST(rate_limits.hits + 1, 1000000) END`,
        blocked_until: sql<Date | null>`CASE WHEN ${expired} THEN NULL
          WHEN rate_limits.hits + 1 > ${limit}::integer THEN rate_limits.window_started_at + ${window}
          ELSE rate_limits.blocked_until END`,
      }),
    )
    .returning(["hits", sql<number>`GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_started_at + ${window} - now()))))::integer`.as("seconds_left")])
    .executeTakeFirstOrThrow();
  const allowed = row.hits <= limit;
  return { allowed, hits: row.hits, retryAfterSeconds: allowed ? 0 : Math.max(1, Number(row.seconds_left)) };
}

/** Gives back one hit of a counter that has not blocked yet (an attempt that proved legitimate). */
export async function refundRateLimit(db: Kysely<Database>, { key }: { key: string }): Promise<void> {
  await db
    .updateTable("rate_limits")
    .set({ hits: sql<number>`GREATEST(hits - 1, 0)` })
    .where("key", "=", key)
    .where("blocked_until", "is", null)
    .execute();
}

/** Forgets a counter (e.g. an admin lifting a lockout). */
export async function resetRateLimit(db: Kysely<Database>, { key }: { key: string }): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** Drops counters whose window ended long ago; run periodically. */
export async function deleteStaleRateLimits(db: Kysely<Database>, { olderThanSeconds = 24 * 60 * 60 } = {}): Promise<number> {
  const result = await db
    .deleteFrom("rate_limits")
    .where("window_started_at", "<", sql<Date>`now() - ${olderThanSeconds}::integer * interval '1 second'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The 429 answer: a JSON body for fetchers and `Retry-After` for everyone. */
export function tooManyRequests(result: RateLimitResult, body: Record<string, unknown> = {}) {
  return json({ ...body, retryAfterSeconds: result.retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
}
