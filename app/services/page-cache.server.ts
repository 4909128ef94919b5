import type { TypedResponse } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { cartItemCount } from "~/models/cart.server";
import { findShopperCart } from "~/services/checkout.server";
import { db } from "~/utils/db.server";
import { catalogueWritesSettled, readCatalogueVersion } from "~/models/catalogue/version.server";
import {
  catalogueETag,
  ifNoneMatchIncludes,
  isPersonalRequest,
  isPublicCataloguePath,
  personalCookieNames,
  PERSONAL_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  PUBLIC_VARY,
  PageStore,
  type PublicPageCache,
} from "~/utils/http-cache.server";
import { getLocale } from "~/utils/i18n.server";

// The caching decision of a public catalogue page's loader (see utils/http-cache.server.ts):
// it needs to know who a visitor with cookies is, and what their cart holds.

/**
 * Who a personal request is, as far as a public page shows it: the signed-in user (the
 * header shows their name and links by role) and the cart badge's count. Two visitors get
 * the same fingerprint only when the page would show them the same thing.
 */
export async function visitorFingerprint(request: Request, database: Kysely<Database> = db()): Promise<string> {
  const { cartId, user } = await findShopperCart(database, request);
  const cartCount = cartId ? await cartItemCount(database, { cartId }) : 0;
  return JSON.stringify({ user, cartId, cartCount });
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
export async function publicPageCache(
  request: Request,
  database: Kysely<Database> = db(),
  /**
   * What else the page shows a visitor with cookies that its URL does not say (the product
   * page's remembered shipping province): part of their tag. An anonymous page depends on its
   * URL alone, so its tag stays the one servePublicPages works out.
   */
  { visitorFacts }: { visitorFacts?: string } = {},
): Promise<PublicPageCache> {
  const personal = isPersonalRequest(request);
  const headers = new Headers({ "Cache-Control": personal ? PERSONAL_CACHE_CONTROL : PUBLIC_CACHE_CONTROL, Vary: PUBLIC_VARY });
  const [version, locale, visitor] = await Promise.all([
    readCatalogueVersion(database),
    getLocale(request),
    personal ? visitorFingerprint(request, database).then((who) => (visitorFacts === undefined ? who : `${who}\n${visitorFacts}`)) : Promise.resolve(null),
  ]);
  const etag = catalogueETag({ version, url: new URL(request.url), locale, visitor });
  if (ifNoneMatchIncludes(request.headers.get("If-None-Match"), etag)) {
    headers.set("ETag", etag);
    return { notModified: new Response(null, { status: 304, headers }) as TypedResponse<never>, headers };
  }
  if (await catalogueWritesSettled(database)) headers.set("ETag", etag);
  return { notModified: null, headers };
}

/** A request and a response as Node's http server hands them over. */
interface FrontRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

interface FrontResponse {
  statusCode: number;
  getHeader(name: string): number | string | string[] | undefined;
  getHeaders(): Record<string, number | string | string[] | undefined>;
  writeHead(status: number, headers: Record<string, number | string | string[]>): unknown;
  write(chunk: unknown, ...rest: unknown[]): boolean;
  end(...args: unknown[]): unknown;
}

/**
 * The language of an anonymous request without ?lang=: getLocale's answer, which depends only
 * on the language cookie and Accept-Language, remembered per pair of those (a few hundred).
 */
const localeByHeaders = new Map<string, Promise<string>>();
function anonymousLocale(url: URL, cookie: string | undefined, acceptLanguage: string | undefined): Promise<string> {
  const key = `${cookie ?? ""}\n${acceptLanguage ?? ""}`;
  let locale = localeByHeaders.get(key);
  if (!locale) {
    const headers = new Headers();
    if (cookie) headers.set("Cookie", cookie);
    if (acceptLanguage) headers.set("Accept-Language", acceptLanguage);
    locale = getLocale(new Request(url, { headers }));
    if (localeByHeaders.size >= 500) localeByHeaders.delete(localeByHeaders.keys().next().value!);
    localeByHeaders.set(key, locale);
  }
  return locale;
}

/** Response headers a stored page is sent again with (not the connection's own). */
function storableHeaders(headers: Record<string, number | string | string[] | undefined>): Record<string, number | string | string[]> {
  const kept: Record<string, number | string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ["date", "connection", "keep-alive", "transfer-encoding", "content-length"].includes(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * In front of the whole app (server.ts hands it every request first), for anonymous GETs of
 * public catalogue pages (no personal cookie, no ?lang= which sets one, no Remix ?_data=):
 * the tag publicPageCache would issue is worked out (catalogue version, build, day, URL,
 * language) and
 * - a matching If-None-Match is answered 304 with the same tag and caching headers;
 * - a page already sent under that tag is sent again from the PageStore;
 * - otherwise the app renders it, and the response is kept when it carries that very tag.
 * No routing, loaders or rendering for the first two. Everything else goes straight on.
 */
export function servePublicPages({ database = db, store = new PageStore(32 * 1024 * 1024) }: { database?: () => Kysely<Database>; store?: PageStore } = {}) {
  return (request: FrontRequest, response: FrontResponse, next: () => void): void => {
    if ((request.method !== "GET" && request.method !== "HEAD") || !request.url) return next();
    const url = new URL(request.url, "http://localhost");
    if (!isPublicCataloguePath(url.pathname) || url.searchParams.has("_data") || url.searchParams.has("lang")) return next();
    const cookie = typeof request.headers.cookie === "string" ? request.headers.cookie : undefined;
    if (cookie && personalCookieNames(cookie).length > 0) return next();
    const acceptLanguage = typeof request.headers["accept-language"] === "string" ? request.headers["accept-language"] : undefined;
    const ifNoneMatch = request.headers["if-none-match"];

    Promise.all([readCatalogueVersion(database()), anonymousLocale(url, cookie, acceptLanguage)]).then(
      ([version, locale]) => {
        const etag = catalogueETag({ version, url, locale, visitor: null });
        if (typeof ifNoneMatch === "string" && ifNoneMatchIncludes(ifNoneMatch, etag)) {
          response.writeHead(304, { ETag: etag, "Cache-Control": PUBLIC_CACHE_CONTROL, Vary: PUBLIC_VARY });
          response.end();
          return;
        }
        // The same page compressed the same way: the tag and what the client accepts.
        const key = `${etag}\n${String(request.headers["accept-encoding"] ?? "")}`;
        const stored = store.get(key, version);
        if (stored) {
          response.writeHead(200, { ...stored.headers, "content-length": stored.body.length });
          response.end(request.method === "HEAD" ? undefined : stored.body);
          return;
        }
        if (request.method === "GET") keepWhatIsSent(response, (status, headers, body) => {
          const cacheable =
            status === 200 && headers.etag === etag && headers["cache-control"] === PUBLIC_CACHE_CONTROL && headers["set-cookie"] === undefined;
          if (cacheable) store.set(key, { version, headers: storableHeaders(headers), body });
        });
        next();
      },
      // The app will meet the same trouble and answer it properly.
      () => next(),
    );
  };
}

/** Collects what the app writes (after compression) and hands it over once the response ends. */
function keepWhatIsSent(
  response: FrontResponse,
  done: (status: number, headers: Record<string, number | string | string[] | undefined>, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  const write = response.write.bind(response);
  const end = response.end.bind(response);
  const collect = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  response.write = (chunk: unknown, ...rest: unknown[]) => {
    collect(chunk, rest[0]);
    return write(chunk, ...rest);
  };
  response.end = (...args: unknown[]) => {
    if (args[0] !== undefined && typeof args[0] !== "function") collect(args[0], args[1]);
    const result = end(...args);
    done(response.statusCode, response.getHeaders(), Buffer.concat(chunks));
    return result;
  };
}
