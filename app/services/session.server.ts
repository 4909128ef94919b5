import { createHash, randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { deleteSession, getLiveSession, insertSession, SESSION_ABSOLUTE_DAYS, type SessionRecord } from "~/models/session.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * Database sessions. The browser holds a random 32-byte token in a signed, httpOnly cookie;
 * the `sessions` table holds only its SHA-256, so a leaked table (or backup) cannot be
 * replayed as a cookie. Validity is decided by the database on every request (see
 * models/session.server.ts), and a disabled user's sessions are deleted outright.
 */

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

/**
 * The live session a request carries: the row exists, is neither idle- nor absolutely
 * expired, and its user is not disabled. Slides the idle window (at most once a minute).
 */
export async function getSessionRecord(request: Request): Promise<SessionRecord | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  return getLiveSession(db(), { id: hashSessionToken(token) });
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
  if (previous) await deleteSession(db(), { id: hashSessionToken(previous) });
  const token = randomBytes(32).toString("base64url");
  const sessionId = hashSessionToken(token);
  await insertSession(db(), { id: sessionId, ...session });
  return { setCookie: await sessionCookie().serialize(token), sessionId };
}

/** Deletes the request's session (if any) and returns the `Set-Cookie` value that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await deleteSession(db(), { id: hashSessionToken(token) });
  return clearSessionCookie();
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

