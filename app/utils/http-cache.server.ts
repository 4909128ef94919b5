import { createHash } from "node:crypto";
import type { HeadersFunction, TypedResponse } from "@remix-run/node";
import { chinaToday } from "~/utils/dates";
import { localeCookie } from "~/utils/i18n.server";

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


// ------------------------------------------------------------------ ETags

/** Cookies that make a request someone's: anything but the language choice. */
export function personalCookieNames(cookieHeader: string | null | undefined): string[] {
  if (!cookieHeader) return [];
  const languageCookie = localeCookie.name;
  const names: string[] = [];
  for (const part of cookieHeader.split(";")) {
    const equals = part.indexOf("=");
    const name = (equals === -1 ? part : part.slice(0, equals)).trim();
    if (name && name !== languageCookie) names.push(name);
  }
  return names;
}

export function isPersonalRequest(request: Request): boolean {
  return personalCookieNames(request.headers.get("Cookie")).length > 0;
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

const CACHE_HEADERS = ["Cache-Control", "ETag", "Vary"] as const;

/**
 * The `headers` export of a public catalogue route: the leaf's caching headers win over its
 * parents', and a cookie the leaf's loader sets (the product page's shipping province) is sent;
 * cachePolicy then keeps that response out of shared caches.
 */
export const publicPageHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders, errorHeaders }) => {
  const headers = new Headers();
  const source = errorHeaders ?? loaderHeaders;
  for (const name of CACHE_HEADERS) {
    const value = source.get(name) ?? parentHeaders.get(name);
    if (value) headers.set(name, value);
  }
  for (const cookie of source.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
};

// ------------------------------------------------------------------ revalidations, fast

/**
 * The public catalogue pages, as URL paths. Every route matching one of these must call
 * publicPageCache in its loader: answerRevalidations confirms their tags without Remix.
 */
const PUBLIC_CATALOGUE_PATH = /^\/(?:products(?:\/[a-z0-9-]+)?|cooperatives(?:\/[a-z0-9-]+)?|trace\/[A-Za-z0-9-]+)?$/;

export function isPublicCataloguePath(pathname: string): boolean {
  return PUBLIC_CATALOGUE_PATH.test(pathname);
}


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

interface StoredPage {
  version: number;
  headers: Record<string, number | string | string[]>;
  body: Buffer;
}

/**
 * Anonymous catalogue pages as they were sent (compressed, headers and all), by ETag and
 * Accept-Encoding: what a shared cache in front of the shop would keep for s-maxage, kept by
 * each instance for as long as its tag holds. Bounded by bytes; a new catalogue version
 * drops the pages of older ones. A page keeps the CSP nonce it was rendered with, exactly as
 * a CDN copy of it would.
 */
export class PageStore {
  #pages = new Map<string, StoredPage>();
  #bytes = 0;
  #version = -1;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string, version: number): StoredPage | undefined {
    this.#forgetBefore(version);
    const page = this.#pages.get(key);
    if (page) {
      this.#pages.delete(key);
      this.#pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: StoredPage): void {
    this.#forgetBefore(page.version);
    if (page.version !== this.#version || page.body.length > this.maxBytes / 4) return;
    this.#delete(key);
    this.#pages.set(key, page);
    this.#bytes += page.body.length;
    for (const [oldest] of this.#pages) {
      if (this.#bytes <= this.maxBytes) break;
      this.#delete(oldest);
    }
  }

  #forgetBefore(version: number): void {
    if (version <= this.#version) return;
    this.#version = version;
    this.#pages.clear();
    this.#bytes = 0;
  }

  #delete(key: string): void {
    const page = this.#pages.get(key);
    if (!page) return;
    this.#pages.delete(key);
    this.#bytes -= page.body.length;
  }
}
