import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { addLineForShopper } from "~/services/cart-add.server";
import { cartIntentSchema } from "~/utils/checkout-schema.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { CART_LIMIT_AMOUNTS } from "~/utils/cart-limits";
import { notFound } from "~/utils/responses.server";

// The product page's script adds to the cart here and stays on the page; the page's form
// itself posts to /cart, which redirects, so a browser without scripts never comes here.

export type AddToCartAnswer =
  | { ok: true; cartCount: number; message: string }
  | { ok: false; code: string; error: string };

export async function loader() {
  throw notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const [cart, catalogue] = await Promise.all([getFixedT(locale, "cart"), getFixedT(locale, "catalogue")]);
  const headers = new Headers({ "Cache-Control": "no-store" });
  const refuse = (code: string, status: number, available = 0) =>
    json<AddToCartAnswer>({ ok: false, code, error: cart(`errors.${code}`, { available, ...CART_LIMIT_AMOUNTS }) }, { status, headers });

  const form = await readForm(request);
  const fields = Object.fromEntries([...form].filter(([, value]) => typeof value === "string"));
  const parsed = cartIntentSchema.safeParse({ ...fields, intent: "add" });
  if (!parsed.success || parsed.data.intent !== "add") {
    const key = parsed.success ? "errors.intent" : (parsed.error.issues[0]?.message ?? "errors.quantity");
    return refuse(key.startsWith("errors.") ? key.slice("errors.".length) : "quantity", 400);
  }
  const result = await addLineForShopper(db(), request, { variantId: parsed.data.variantId, quantity: parsed.data.quantity });
  if (result.setCookie) headers.append("Set-Cookie", result.setCookie);
  if (!result.ok) return refuse(result.code, result.code === "unavailable" ? 404 : 409, result.available);
  return json<AddToCartAnswer>({ ok: true, cartCount: result.cartCount, message: catalogue("product.added") }, { headers });
}
