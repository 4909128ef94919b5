import { redirect, type HeadersFunction } from "@remix-run/node";
import { recordAuditEvent } from "~/models/audit.server";
import { consumeRateLimit, RATE_LIMITS, refundRateLimit, type RateLimitResult } from "~/models/rate-limit.server";
import { deleteOtherSessions, setActiveCooperative, type SessionRecord } from "~/models/session.server";
import { withTransaction } from "~/models/transaction.server";
import { checkCredentials, findUserByEmail, getSessionUser, normalizeEmail, passwordMatches, setPasswordHash, type CooperativeMembership, type SessionUser } from "~/models/user.server";
import { getSessionRecord, startSession } from "~/services/session.server";
import { db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";

export type { CooperativeMembership, SessionUser } from "~/models/user.server";

/**
 * Who is asking, and what they may see. Every guard reads the session and the user from the
 * database on each request, so a disabled account, a removed membership or a changed role
 * takes effect on the very next request.
 */
export interface CurrentSession {
  session: SessionRecord;
  user: SessionUser;
}

// The root loader and the page's own loaders all ask who is signing in; Remix hands them the
// same Request, so the answer is looked up once per request.
const currentSessions = new WeakMap<Request, Promise<CurrentSession | null>>();

export function getCurrentSession(request: Request): Promise<CurrentSession | null> {
  let current = currentSessions.get(request);
  if (!current) {
    current = lookUpCurrentSession(request);
    currentSessions.set(request, current);
  }
  return current;
}

async function lookUpCurrentSession(request: Request): Promise<CurrentSession | null> {
  const session = await getSessionRecord(request);
  if (!session) return null;
  const user = await getSessionUser(db(), { userId: session.userId });
  return user ? { session, user } : null;
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await getCurrentSession(request))?.user ?? null;
}

/** The path (and query) of a request, as a `redirectTo` value for the login page. */
export function returnPath(request: Request): string {
  const url = new URL(request.url);
  // Remix's own routing parameters are not part of the page's address.
  url.searchParams.delete("_data");
  url.searchParams.delete("index");
  return `${url.pathname}${url.search}`;
}

/** The redirect a guard throws for a visitor who is not signed in. */
export function loginRedirect(request: Request): Response {
  return redirect(`/login?${new URLSearchParams({ redirectTo: returnPath(request) })}`);
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

/** The signed-in user and their session row (for actions that act on the session itself). */
export async function requireSession(request: Request): Promise<CurrentSession> {
  const current = await getCurrentSession(request);
  if (!current) throw loginRedirect(request);
  return current;
}

/** The signed-in user; otherwise throws a redirect to `/login?redirectTo=<this page>`. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireSession(request)).user;
}

export function isStaff(user: Pick<SessionUser, "role">): boolean {
  return user.role === "staff" || user.role === "admin";
}

/** Staff or admin; a signed-in user of another role gets a 403. */
export async function requireStaff(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!isStaff(user)) throw forbidden();
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw forbidden();
  return user;
}

/** The membership the portal acts for: the one chosen in this session, else the first. */
function activeMembership(current: CurrentSession): CooperativeMembership | undefined {
  const { cooperatives } = current.user;
  return cooperatives.find((c) => c.id === current.session.activeCooperativeId) ?? cooperatives[0];
}

/**
 * A member of at least one cooperative, and the cooperative the portal is acting for.
 * Cooperative-scoped queries take `cooperative.id` from here, never from a form or the URL.
 * Staff and admins without a membership get a 403 like everyone else.
 */
export async function requireCooperative(request: Request): Promise<{ user: SessionUser; cooperative: CooperativeMembership }> {
  const current = await requireSession(request);
  const cooperative = activeMembership(current);
  if (!cooperative) throw forbidden();
  return { user: current.user, cooperative };
}

/**
 * Makes another of the user's cooperatives the active one. A cooperative the user does not
 * belong to is refused with a 403 (and nothing changes).
 */
export async function switchCooperative(request: Request, cooperativeId: number, clientAddress?: string): Promise<CooperativeMembership> {
  const current = await requireSession(request);
  const target = current.user.cooperatives.find((c) => c.id === cooperativeId);
  if (!target) throw forbidden();
  await setActiveCooperative(db(), { sessionId: current.session.id, cooperativeId: target.id });
  await recordAuditEvent(db(), { kind: "cooperative.switched", actorUserId: current.user.id, cooperativeId: target.id, ip: clientAddress });
  return target;
}

/**
 * Where a user lands after login when no (safe) `redirectTo` was given:
 * staff and admins → `/staff`, cooperative members → `/coop`, shoppers → `/account`.
 */
export function homePathFor(user: Pick<SessionUser, "role" | "cooperatives">): string {
  if (isStaff(user)) return "/staff";
  if (user.cooperatives.length > 0) return "/coop";
  return "/account";
}

/**
 * The `headers` export of the account pages. Remix builds a document's headers from route
 * `headers` functions only, so without this a no-JavaScript form post that hits a rate limit
 * would lose its `Retry-After`, and a private page its `Cache-Control`.
 */
export const accountPageHeaders = ({ actionHeaders, loaderHeaders, parentHeaders }: Parameters<HeadersFunction>[0]): Headers => {
  const headers = new Headers();
  for (const name of ["Cache-Control", "Retry-After", "Referrer-Policy"]) {
    const value = actionHeaders.get(name) ?? loaderHeaders.get(name) ?? parentHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

export type LoginAttempt =
  | { ok: true; user: SessionUser; setCookie: string }
  | { ok: false; error: "invalid" }
  | { ok: false; error: "rate_limited"; limit: RateLimitResult };

/**
 * The whole login: rate limits (per client address, per account from that address, and a
 * high ceiling per account; counted before the password is checked so guessing costs a slot
 * each time), the credential check, a new
 * session and the audit trail. Failures say nothing about whether the e-mail exists.
 */
export async function attemptLogin(
  request: Request,
  { email, password, clientAddress }: { email: string; password: string; clientAddress: string },
): Promise<LoginAttempt> {
  const normalized = normalizeEmail(email);
  // In this order, stopping at the first refusal: an address already refused does not keep
  // spending the account's shared ceiling.
  const rules = [
    { scope: "address", key: `login:ip:${clientAddress}`, ...RATE_LIMITS.loginPerAddress },
    { scope: "account_address", key: `login:email-ip:${normalized}|${clientAddress}`, ...RATE_LIMITS.loginPerAccountAndAddress },
    { scope: "account", key: `login:email:${normalized}`, ...RATE_LIMITS.loginPerAccount },
  ] as const;
  for (const { scope, ...rule } of rules) {
    const limit = await consumeRateLimit(db(), rule);
    if (!limit.allowed) {
      await recordAuditEvent(db(), { kind: "login.rate_limited", ip: clientAddress, data: { email: normalized.slice(0, 254), scope } });
      return { ok: false, error: "rate_limited", limit };
    }
  }
  const check = await checkCredentials(db(), { email: normalized, password });
  if (!check.ok) {
    const known = await findUserByEmail(db(), { email: normalized });
    await recordAuditEvent(db(), { kind: "login.failure", subjectUserId: known?.id ?? null, ip: clientAddress, data: { email: normalized.slice(0, 254), reason: check.reason } });
    return { ok: false, error: "invalid" };
  }
  const user = await getSessionUser(db(), { userId: check.user.id });
  if (!user) return { ok: false, error: "invalid" };
  // A correct password gives back its address slots, so many people signing in behind one
  // address (a carrier's NAT, an office) are not throttled for succeeding. The account's own
  // ceiling keeps the hit: someone holding one account cannot refund their way to unlimited
  // guesses elsewhere from that address.
  for (const { scope, key } of rules) if (scope !== "account") await refundRateLimit(db(), { key });
  const { setCookie } = await startSession(request, { userId: user.id, userAgent: request.headers.get("User-Agent"), ip: clientAddress });
  await recordAuditEvent(db(), { kind: "login.success", actorUserId: user.id, subjectUserId: user.id, ip: clientAddress });
  return { ok: true, user, setCookie };
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; error: "currentPasswordWrong" | "samePassword" }
  | { ok: false; error: "rate_limited"; limit: RateLimitResult };

/**
 * Changes the signed-in user's password after checking the current one, and ends every
 * other session of the user in the same transaction: whoever else was signed in is out.
 */
export async function changePassword(
  current: CurrentSession,
  { currentPassword, newPassword, clientAddress }: { currentPassword: string; newPassword: string; clientAddress: string },
): Promise<PasswordChange> {
  const userId = current.user.id;
  const limit = await consumeRateLimit(db(), { key: `password:user:${userId}`, ...RATE_LIMITS.passwordChangePerUser });
  if (!limit.allowed) {
    await recordAuditEvent(db(), { kind: "password.rate_limited", actorUserId: userId, subjectUserId: userId, ip: clientAddress });
    return { ok: false, error: "rate_limited", limit };
  }
  if (!(await passwordMatches(db(), { userId, password: currentPassword }))) {
    await recordAuditEvent(db(), { kind: "password.change_failed", actorUserId: userId, subjectUserId: userId, ip: clientAddress });
    return { ok: false, error: "currentPasswordWrong" };
  }
  if (currentPassword === newPassword) return { ok: false, error: "samePassword" };
  const passwordHash = await hashPassword(newPassword);
  await withTransaction(db(), async (trx) => {
    await setPasswordHash(trx, { userId, passwordHash });
    await deleteOtherSessions(trx, { userId, keepSessionId: current.session.id });
    await recordAuditEvent(trx, { kind: "password.changed", actorUserId: userId, subjectUserId: userId, ip: clientAddress });
  });
  return { ok: true };
}
