import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

// The `sessions` table. A row is keyed by the SHA-256 of the browser's token, never the token
// itself; validity is decided here, by the database clock, on every request: an idle session
// expires after SESSION_IDLE_DAYS, any session after SESSION_ABSOLUTE_DAYS, and a disabled
// user's sessions do not count.

export const SESSION_IDLE_DAYS = 14;
export const SESSION_ABSOLUTE_DAYS = 60;
/** `last_seen_at` is written at most this often, so reading a page is not a write per request. */
const TOUCH_EVERY_SECONDS = 60;

export interface SessionRecord {
  /** The row id (the token's hash), never the token itself. */
  id: string;
  userId: number;
  activeCooperativeId: number | null;
}

function secondsAgo(seconds: number) {
  return sql<Date>`now() - ${seconds}::integer * interval '1 second'`;
}

/** The live session with this id: neither idle- nor absolutely expired, its user not disabled. Slides the idle window (at most once a minute). */
export async function getLiveSession(db: Kysely<Database>, { id }: { id: string }): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id", "sessions.user_id", "sessions.active_cooperative_id", "sessions.last_seen_at"])
    .where("sessions.id", "=", id)
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where("sessions.last_seen_at", ">", secondsAgo(SESSION_IDLE_DAYS * 24 * 60 * 60))
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_SECONDS * 1000) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("last_seen_at", "<", secondsAgo(TOUCH_EVERY_SECONDS))
      .execute();
  }
  return { id: row.id, userId: row.user_id, activeCooperativeId: row.active_cooperative_id };
}

/** A new session row, valid for SESSION_ABSOLUTE_DAYS at most. */
export async function insertSession(
  db: Kysely<Database>,
  session: { id: string; userId: number; activeCooperativeId?: number | null; userAgent?: string | null; ip?: string | null },
): Promise<void> {
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: session.userId,
      active_cooperative_id: session.activeCooperativeId ?? null,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
      ip: session.ip ?? null,
      expires_at: sql<Date>`now() + ${SESSION_ABSOLUTE_DAYS}::integer * interval '1 day'`,
    })
    .execute();
}

export async function deleteSession(db: Kysely<Database>, { id }: { id: string }): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session of a user except one (after a password change, the one that changed it). */
export async function deleteOtherSessions(db: Kysely<Database>, { userId, keepSessionId }: { userId: number; keepSessionId: string }): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).where("id", "<>", keepSessionId).execute();
}

/** Ends every session of a user (disabled account). */
export async function deleteAllSessions(db: Kysely<Database>, { userId }: { userId: number }): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** Remembers which of the user's cooperatives the portal shows; the caller checks membership. */
export async function setActiveCooperative(db: Kysely<Database>, { sessionId, cooperativeId }: { sessionId: string; cooperativeId: number }): Promise<void> {
  await db.updateTable("sessions").set({ active_cooperative_id: cooperativeId }).where("id", "=", sessionId).execute();
}

/** Removes sessions past either expiry; run periodically, any instance. */
export async function deleteExpiredSessions(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", sql<Date>`now()`), eb("last_seen_at", "<=", secondsAgo(SESSION_IDLE_DAYS * 24 * 60 * 60))]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
