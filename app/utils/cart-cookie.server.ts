import { createCookie, type Cookie } from "@remix-run/node";
import { getEnv } from "~/utils/env.server";

// A guest's cart is found through this signed, httpOnly cookie holding the cart's id. A
// forged or tampered value fails the signature and is ignored.
export const CART_COOKIE_DAYS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let cached: { cookie: Cookie; key: string } | undefined;

export function cartCookie(): Cookie {
  const env = getEnv();
  const key = `${env.secureCookies}:${env.sessionSecrets.join(",")}`;
  if (cached?.key !== key) {
    cached = {
      key,
      cookie: createCookie(env.secureCookies ? "__Host-shanshui_cart" : "shanshui_cart", {
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env.secureCookies,
        secrets: env.sessionSecrets,
        maxAge: CART_COOKIE_DAYS * 24 * 60 * 60,
      }),
    };
  }
  return cached.cookie;
}

/** The guest cart id in the request's cookie, if it carries a valid one. The login action merges it. */
export async function readGuestCartId(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && UUID.test(value) ? value : null;
}

export function serializeGuestCartCookie(cartId: string): Promise<string> {
  return cartCookie().serialize(cartId);
}

/** Forgets the guest cart (after it was merged into a user's at login). */
export function clearGuestCartCookie(): Promise<string> {
  return cartCookie().serialize("", { maxAge: 0 });
}
