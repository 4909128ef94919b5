import { createHash } from "node:crypto";
import type { HeadersFunction, TypedResponse } from "@remix-run/node";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { chinaToday } from "./dates";
import { db } from "./db.server";
import { getLocale, localeCookie } from "./i18n.server";

/**
 * HTTP caching of public catalogue pages.
 *
 * A page is identified by an ETag built from the catalogue version (a sequence that triggers
 * on every catalogue table bump), the build, the China date (certificate expiry and seasonal
 * picks change with the day, not with a write), the URL, the language and, for a visitor who
 * carries a session or cart cookie, who they are and what their cart holds. Matching
 * `If-None-Match` is checked at the top of the loader, before any catalogue query, and answered
 * with a 304 that is never rendered.
 *
 * Anonymous visitors get a response any cache may share for a minute. A visitor with personal
 * cookies gets `private, no-cache`: only their own browser keeps it, and it revalidates every
 * time with an ETag that no one else's page can have.
 */

/** Anonymous catalogue pages: shared caches keep them a minute, then serve stale while they revalidate. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";
/** A public page rendered for one visitor (header shows their name and cart). */
export const PERSONAL_CACHE_CONTROL = "private, no-cache";
/** Per-user pages and anything that did not ask to be cached. */
export const NO_STORE = "private, no-store";
/** The language comes from ?lang (in the URL), the `lng` cookie or Accept-Language; the visitor from cookies. */
export const PUBLIC_VARY = "Accept-Language, Cookie";

/** URL prefixes whose pages are about one user: never stored by anyone. */
const PER_USER_PREFIXES = ["/cart", "/checkout", "/account", "/coop", "/staff", "/orders", "/pay", "/login", "/signup", "/logout"];

export function isPerUserPath(pathname: string): boolean {
  return PER_USER_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

// ------------------------------------------------------------------ build version

let buildVersion = "dev";

/** The server entry passes the asset manifest version: a deploy changes every page's script URLs. */
export function setBuildVersion(version: string): void {
  buildVersion = version;
}

// ------------------------------------------------------------------ catalogue version

/**
 * Runs `read` for a crowd of callers without one query each, and without ever handing a caller
 * a value read before it asked: a caller arriving while a read is in flight waits for the next
 * read, which starts as soon as the current one ends and serves everyone who queued meanwhile.
 */
export function coalesce<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const current: Promise<T> = read().finally(() => {
      if (inFlight === current) inFlight = null;
    });
    inFlight = current;
    return current;
  };
  return () => {
    if (!inFlight) return start();
    next ??= inFlight
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

interface VersionReaders {
  version: () => Promise<number>;
  settled: () => Promise<boolean>;
}

const readers = new WeakMap<Kysely<Database>, VersionReaders>();

function versionReaders(database: Kysely<Database>): VersionReaders {
  let found = readers.get(database);
  if (!found) {
    found = {
      version: coalesce(async () => {
        const { rows } = await sql<{ version: string | number }>`
          SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS version FROM catalogue_version_seq`.execute(database);
        return Number(rows[0]?.version ?? 0);
      }),
      settled: coalesce(async () => {
        const { rows } = await sql<{ settled: boolean }>`
          SELECT NOT EXISTS (
            SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
          ) AS settled`.execute(database);
        return rows[0]?.settled === true;
      }),
    };
    readers.set(database, found);
  }
  return found;
}

/** The catalogue version: changes with every write to a table a public catalogue page shows. */
export function readCatalogueVersion(database: Kysely<Database> = db()): Promise<number> {
  return versionReaders(database).version();
}

/**
 * Whether a version read just now describes committed data. The sequence is not transactional:
 * a writer bumps it in its trigger and commits a little later, so a page rendered in between
 * would carry the new version with the old data, and keep being confirmed by 304s. No
 * transaction holding a transaction id (every writer) means every bump read so far has
 * committed. Call it after reading the version and before the page's queries.
 *
 * pg_stat_activity shows other sessions' transaction ids to the same role (or pg_read_all_stats):
 * the app and its workers connect as one role.
 */
export function catalogueWritesSettled(database: Kysely<Database> = db()): Promise<boolean> {
  return versionReaders(database).settled();
}

/**
 * Remembers what a query of the whole catalogue computed (counts per category, the total of a
 * search) for as long as the catalogue version stays the same: one computation per version
 * instead of one per request. A value is only kept when no write was in flight as it was
 * computed (see catalogueWritesSettled), so it never outlives a change it did not see.
 * Concurrent callers share one computation; a few hundred keys at most are kept.
 */
export function catalogueMemo<T>({ maxEntries = 500 } = {}) {
  const states = new WeakMap<Kysely<Database>, { version: number; entries: Map<string, Promise<T>> }>();
  return async function remember(database: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await readCatalogueVersion(database);
    let state = states.get(database);
    if (!state || state.version !== version) {
      state = { version, entries: new Map() };
      states.set(database, state);
    }
    const known = state.entries.get(key);
    if (known) return known;
    if (!(await catalogueWritesSettled(database))) return compute();
    const entries = state.entries;
    const computing = compute();
    entries.set(key, computing);
    computing.catch(() => entries.delete(key));
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return computing;
  };
}

// ------------------------------------------------------------------ ETags

/** Cookies that make a request someone's: anything but the language choice. */
export function personalCookieNames(request: Request): string[] {
  const header = request.headers.get("Cookie");
  if (!header) return [];
  const languageCookie = localeCookie.name;
  const names: string[] = [];
  for (const part of header.split(";")) {
    const equals = part.indexOf("=");
    const name = (equals === -1 ? part : part.slice(0, equals)).trim();
    if (name && name !== languageCookie) names.push(name);
  }
  return names;
}

export function isPersonalRequest(request: Request): boolean {
  return personalCookieNames(request).length > 0;
}

/**
 * Who a personal request is, as far as a public page shows it: the signed-in user (the
 * header shows their name and links by role) and the cart badge's count. Two visitors get
 * the same fingerprint only when the page would show them the same thing.
 */
export async function visitorFingerprint(request: Request, database: Kysely<Database> = db()): Promise<string> {
  // Loaded when first needed: the catalogue models use this module, and must not pull the
  // whole checkout in (or into an import cycle) just by being imported.
  const [{ findShopperCart }, { cartItemCount }] = await Promise.all([import("../services/checkout.server"), import("../models/cart.server")]);
  const { cartId, user } = await findShopperCart(database, request);
  const cartCount = cartId ? await cartItemCount(database, { cartId }) : 0;
  return JSON.stringify({ user, cartId, cartCount });
}

export interface ETagParts {
  version: number;
  url: URL;
  locale: string;
  /** Null for anonymous visitors. */
  visitor: string | null;
  build?: string;
  today?: string;
}

/**
 * A weak tag: the body differs per response (the CSP nonce) while the page it shows is the same.
 * Remix hands loaders the URL without `?_data=`, so a page and its data share a tag: caches keep
 * tags per URL, and the two are different URLs.
 */
export function catalogueETag({ version, url, locale, visitor, build = buildVersion, today = chinaToday() }: ETagParts): string {
  const digest = createHash("sha256")
    .update([build, today, locale, url.pathname, url.search, visitor ?? "anonymous"].join("\n"))
    .digest("base64url")
    .slice(0, 22);
  return `W/"${version}-${digest}"`;
}

/** RFC 9110 weak comparison of an ETag with an If-None-Match list (`*` matches anything). */
export function ifNoneMatchIncludes(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === wanted);
}

// ------------------------------------------------------------------ loaders and headers

export interface PublicPageCache {
  /** A 304 to return at once: the visitor already has this page. */
  notModified: TypedResponse<never> | null;
  /** Cache-Control, Vary and, when the page can be tagged, ETag: pass them to json(). */
  headers: Headers;
}

/**
 * Call first in the loader of a public catalogue page:
 *
 *   const cache = await publicPageCache(request);
 *   if (cache.notModified) return cache.notModified;
 *   …queries…
 *   return json(data, { headers: cache.headers });
 *
 * and export `headers = publicPageHeaders` from the route.
 */
export async function publicPageCache(request: Request, database: Kysely<Database> = db()): Promise<PublicPageCache> {
  const personal = isPersonalRequest(request);
  const headers = new Headers({ "Cache-Control": personal ? PERSONAL_CACHE_CONTROL : PUBLIC_CACHE_CONTROL, Vary: PUBLIC_VARY });
  const [version, locale, visitor] = await Promise.all([
    readCatalogueVersion(database),
    getLocale(request),
    personal ? visitorFingerprint(request, database) : Promise.resolve(null),
  ]);
  const etag = catalogueETag({ version, url: new URL(request.url), locale, visitor });
  if (ifNoneMatchIncludes(request.headers.get("If-None-Match"), etag)) {
    headers.set("ETag", etag);
    return { notModified: new Response(null, { status: 304, headers }) as TypedResponse<never>, headers };
  }
  if (await catalogueWritesSettled(database)) headers.set("ETag", etag);
  return { notModified: null, headers };
}

const CACHE_HEADERS = ["Cache-Control", "ETag", "Vary"] as const;

/** The `headers` export of a public catalogue route: the leaf's caching headers win over its parents'. */
export const publicPageHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders, errorHeaders }) => {
  const headers = new Headers();
  const source = errorHeaders ?? loaderHeaders;
  for (const name of CACHE_HEADERS) {
    const value = source.get(name) ?? parentHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

// ------------------------------------------------------------------ every response

interface PolicyRequest {
  path: string;
}

interface PolicyResponse {
  statusCode: number;
  getHeader(name: string): unknown;
  setHeader(name: string, value: string): unknown;
  removeHeader(name: string): void;
  writeHead: (...args: never[]) => unknown;
}

/**
 * The last word on caching, applied as the headers go out (Express middleware):
 * - nothing is cacheable unless its route said so: no Cache-Control means `private, no-store`;
 * - per-user areas are `private, no-store` whatever a route said;
 * - a response that sets a cookie is never shared (`?lang=` sets one on any page);
 * - a 304 carries no Content-Security-Policy: the browser keeps the stored page and would
 *   otherwise pair it with a new script nonce that its inline scripts do not have.
 */
export function cachePolicy(request: PolicyRequest, response: PolicyResponse, next: () => void): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: PolicyResponse, ...args: never[]) {
    const cacheControl = String(response.getHeader("Cache-Control") ?? "");
    if (!cacheControl || isPerUserPath(request.path)) {
      response.setHeader("Cache-Control", NO_STORE);
    } else if (response.getHeader("Set-Cookie") !== undefined && /\bpublic\b/.test(cacheControl)) {
      response.setHeader("Cache-Control", PERSONAL_CACHE_CONTROL);
    }
    const status = typeof args[0] === "number" ? (args[0] as number) : response.statusCode;
    if (status === 304) response.removeHeader("Content-Security-Policy");
    return writeHead.apply(this, args);
  } as PolicyResponse["writeHead"];
  next();
}
