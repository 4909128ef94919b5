import type { TypedResponse } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { cartItemCount } from "~/models/cart.server";
import { findShopperCart } from "~/services/checkout.server";
import { db } from "~/utils/db.server";
import {
  catalogueETag,
  catalogueWritesSettled,
  ifNoneMatchIncludes,
  isPersonalRequest,
  PERSONAL_CACHE_CONTROL,
  PUBLIC_CACHE_CONTROL,
  PUBLIC_VARY,
  readCatalogueVersion,
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
