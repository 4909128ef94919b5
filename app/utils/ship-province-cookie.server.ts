import { createCookie, type Cookie } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";
import { listProvinces } from "~/utils/regions.server";

// The province a guest last chose on a product page, so the next product shows the fee and
// delivery window for it too. It holds a province code and nothing about the person; it is
// still a cookie other than the language's, so a request carrying it counts as personal (see
// utils/http-cache.server.ts): the page is private to that browser, never kept by the page
// store, and its tag includes the province it shows.

export const SHIP_PROVINCE_COOKIE_DAYS = 180;

let cached: { cookie: Cookie; secure: boolean } | undefined;

function shipProvinceCookie(): Cookie {
  const { secureCookies } = getEnv();
  if (cached?.secure !== secureCookies) {
    cached = {
      secure: secureCookies,
      cookie: createCookie(secureCookies ? "__Host-ship_province" : "ship_province", {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: secureCookies,
        maxAge: SHIP_PROVINCE_COOKIE_DAYS * 24 * 60 * 60,
      }),
    };
  }
  return cached.cookie;
}

/** A province code ("440000") of the region list, else null. */
export function knownProvince(code: unknown): string | null {
  return typeof code === "string" && listProvinces().some((province) => province.code === code) ? code : null;
}

/** The province remembered in the request's cookie, when it names one of the list. */
export async function readShipProvince(request: Request): Promise<string | null> {
  return knownProvince(await shipProvinceCookie().parse(request.headers.get("Cookie")));
}

export function serializeShipProvince(code: string): Promise<string> {
  return shipProvinceCookie().serialize(code);
}
