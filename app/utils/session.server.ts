import { createHash, randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * Database sessions. The browser holds a random 32-byte token in a signed, httpOnly cookie;
 * the `sessions` table holds only its SHA-256, so a leaked table (or backup) cannot be
 * replayed as a cookie. Validity is decided by the database on every request: an idle
 * session expires after IDLE_DAYS, any session after ABSOLUTE_DAYS, and a disabled user's
 * sessions are deleted outright.
 */
export const SESSION_IDLE_DAYS = 14;
export const SESSION_ABSOLUTE_DAYS = 60;
/** `last_seen_at` is written at most this often, so reading a page is not a write per request. */
const TOUCH_EVERY_SECONDS = 60;

let cachedCookie: { cookie: Cookie; key: string } | undefined;

/**
 * The session cookie: `__Host-` prefixed and Secure when the site is served over HTTPS in
 * production; signed with the first SESSION_SECRET and verified with any of them (rotation).
 */
export function sessionCookie(): Cookie {
  const env = getEnv();
  const key = `${env.secureCookies}:${env.sessionSecrets.join(",")}`;
  if (cachedCookie?.key !== key) {
    cachedCookie = {
      key,
      cookie: createCookie(env.secureCookies ? "__Host-shanshui_session" : "shanshui_session", {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env.secureCookies,
        secrets: env.sessionSecrets,
        maxAge: SESSION_ABSOLUTE_DAYS * 24 * 60 * 60,
      }),
    };
  }
  return cachedCookie.cookie;
}

/** The row id of a token: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The session token in the request's cookie, when there is one with a valid signature. */
export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export interface SessionRecord {
  /** The row id (the token's hash), never the token itself. */
  id: string;
  userId: number;
  activeCooperativeId: number | null;
}

function secondsAgo(seconds: number) {
  return sql<Date>`now() - ${seconds}::integer * interval '1 second'`;
}

/**
 * The live session a request carries: the row exists, is neither idle- nor absolutely
 * expired, and its user is not disabled. Slides the idle window (at most once a minute).
 */
export async function getSessionRecord(request: Request): Promise<SessionRecord | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const id = hashSessionToken(token);
  const row = await db()
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
    await db()
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("last_seen_at", "<", secondsAgo(TOUCH_EVERY_SECONDS))
      .execute();
  }
  return { id: row.id, userId: row.user_id, activeCooperativeId: row.active_cooperative_id };
}

export interface NewSession {
  userId: number;
  activeCooperativeId?: number | null;
  userAgent?: string | null;
  ip?: string | null;
}

/**
 * Starts a session with a fresh random token and returns the `Set-Cookie` value. Any session
 * the request already carried is deleted first: the id always changes at login (no fixation).
 */
export async function startSession(request: Request, session: NewSession): Promise<{ setCookie: string; sessionId: string }> {
  const previous = await readSessionToken(request);
  if (previous) await db().deleteFrom("sessions").where("id", "=", hashSessionToken(previous)).execute();
  const token = randomBytes(32).toString("base64url");
  const sessionId = hashSessionToken(token);
  await db()
    .insertInto("sessions")
    .values({
      id: sessionId,
      user_id: session.userId,
      active_cooperative_id: session.activeCooperativeId ?? null,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
      ip: session.ip ?? null,
      expires_at: sql<Date>`now() + ${SESSION_ABSOLUTE_DAYS}::integer * interval '1 day'`,
    })
    .execute();
  return { setCookie: await sessionCookie().serialize(token), sessionId };
}

/** Deletes the request's session (if any) and returns the `Set-Cookie` value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await db().deleteFrom("sessions").where("id", "=", hashSessionToken(token)).execute();
  return clearSessionCookie();
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Ends every session of a user except one (after a password change, the one that changed it). */
export async function deleteOtherSessions(database: Kysely<Database>, { userId, keepSessionId }: { userId: number; keepSessionId: string }): Promise<void> {
  await database.deleteFrom("sessions").where("user_id", "=", userId).where("id", "<>", keepSessionId).execute();
}

/** Ends every session of a user (disabled account). */
export async function deleteAllSessions(database: Kysely<Database>, { userId }: { userId: number }): Promise<void> {
  await database.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** Remembers which of the user's cooperatives the portal shows; the caller checks membership. */
export async function setActiveCooperative(database: Kysely<Database>, { sessionId, cooperativeId }: { sessionId: string; cooperativeId: number }): Promise<void> {
  await database.updateTable("sessions").set({ active_cooperative_id: cooperativeId }).where("id", "=", sessionId).execute();
}

/** Removes sessions past either expiry; run periodically, any instance. */
export async function deleteExpiredSessions(database: Kysely<Database>): Promise<number> {
  const result = await database
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", sql<Date>`now()`), eb("last_seen_at", "<=", secondsAgo(SESSION_IDLE_DAYS * 24 * 60 * 60))]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
