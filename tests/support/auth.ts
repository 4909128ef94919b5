import type { AppLoadContext } from "@remix-run/node";
import { normalizeEmail } from "~/models/user.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import { startSession } from "~/services/session.server";
import type { Role } from "~db/schema";

/** What the HTTP server hands every loader and action; pass it as `context`. */
export const testContext: AppLoadContext = { cspNonce: "", clientAddress: "127.0.0.1" };

/** The site's own origin, as the app sees it (`PUBLIC_URL`, else http://localhost:PORT). */
export function siteOrigin(): string {
  return new URL(getEnv().publicUrl).origin;
}

function absolute(url: string): string {
  return new URL(url, siteOrigin()).toString();
}

/**
 * A real session for an existing user (seeded demo account or one a test created), as the
 * value of a `Cookie` header. Throws when the e-mail has no account.
 */
export async function sessionCookieFor(email: string): Promise<string> {
  const user = await db().selectFrom("users").select("id").where("email", "=", normalizeEmail(email)).executeTakeFirst();
  if (!user) throw new Error(`sessionCookieFor: no user ${email}`);
  const { setCookie } = await startSession(new Request(siteOrigin()), { userId: user.id, userAgent: "vitest", ip: "127.0.0.1" });
  return setCookie.split(";")[0]!;
}

/** The `name=value` part of a response's session `Set-Cookie`, to send back as `Cookie`. */
export function cookieFromResponse(response: Response): string | null {
  const header = response.headers.get("Set-Cookie");
  return header ? header.split(";")[0]! : null;
}

interface RequestOptions {
  /** Sign the request in as this user. */
  email?: string;
  /** A ready `Cookie` header (e.g. from `cookieFromResponse`); combined with `email`'s when both are given. */
  cookie?: string;
  headers?: Record<string, string>;
}

async function baseHeaders(options: RequestOptions): Promise<Headers> {
  const headers = new Headers(options.headers);
  const cookies = [options.cookie, options.email ? await sessionCookieFor(options.email) : undefined].filter(Boolean);
  if (cookies.length > 0) headers.set("Cookie", cookies.join("; "));
  return headers;
}

/** A GET, optionally signed in as `email`. */
export async function getRequest(url: string, options: RequestOptions = {}): Promise<Request> {
  return new Request(absolute(url), { headers: await baseHeaders(options) });
}

/**
 * A form submission (urlencoded) from our own origin, optionally signed in as `email`.
 * `origin: null` leaves the Origin header out; any other string replaces it.
 */
export async function formRequest(
  url: string,
  options: RequestOptions & { form: Record<string, string>; method?: string; origin?: string | null },
): Promise<Request> {
  const headers = await baseHeaders(options);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  if (options.origin !== null) headers.set("Origin", options.origin ?? siteOrigin());
  return new Request(absolute(url), { method: options.method ?? "POST", headers, body: new URLSearchParams(options.form).toString() });
}

let counter = 0;

/**
 * A fresh account for tests that must not touch the demo ones. Cooperatives are joined by slug.
 */
export async function createTestUser(
  options: { email?: string; password?: string; name?: string; role?: Role; cooperatives?: { slug: string; role?: "owner" | "member" }[] } = {},
): Promise<{ id: number; email: string; password: string }> {
  counter += 1;
  const email = normalizeEmail(options.email ?? `user-${process.pid}-${Date.now()}-${counter}@example.test`);
  const password = options.password ?? "correct horse battery staple";
  const row = await db()
    .insertInto("users")
    .values({ email, password_hash: await hashPassword(password), name: options.name ?? `Test user ${counter}`, role: options.role ?? "shopper" })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const membership of options.cooperatives ?? []) {
    const cooperative = await db().selectFrom("cooperatives").select("id").where("slug", "=", membership.slug).executeTakeFirstOrThrow();
    await db().insertInto("cooperative_members").values({ cooperative_id: cooperative.id, user_id: row.id, role: membership.role ?? "member" }).execute();
  }
  return { id: row.id, email, password };
}

/** A cooperative for tests, when the seed's are not enough (or not there yet). */
export async function createTestCooperative(options: { slug?: string; nameZh?: string; nameEn?: string } = {}): Promise<{ id: number; slug: string }> {
  counter += 1;
  const slug = options.slug ?? `test-coop-${process.pid}-${counter}`;
  return db()
    .insertInto("cooperatives")
    .values({ slug, name_zh: options.nameZh ?? `测试合作社${counter}`, name_en: options.nameEn ?? `Test Cooperative ${counter}`, county_zh: "奉节县", county_en: "Fengjie County" })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

/**
 * Runs a loader or action and gives back its Response, whether it was returned or thrown.
 * Takes the call's promise, or a function that makes the call (when building the request awaits).
 */
export async function settle(call: Promise<unknown> | Response | (() => unknown)): Promise<Response> {
  try {
    return (await (typeof call === "function" ? call() : call)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
