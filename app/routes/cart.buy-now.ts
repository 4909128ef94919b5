import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { buyNowCheckoutPath, checkBuyNowLine } from "~/services/buy-now.server";
import { cartIntentSchema } from "~/utils/checkout-schema.server";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { CART_LIMIT_AMOUNTS } from "~/utils/cart-limits";
import { safeRedirect } from "~/utils/redirect";
import { notFound } from "~/utils/responses.server";

// 立即购买 on the product page: the shopper goes straight to a checkout of that line alone
// (app/services/buy-now.server.ts says how); the cart is neither read nor changed. A refusal
// goes back to the product page, which says why (`?buy=<code>`).

export async function loader() {
  throw notFound();
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const fields = Object.fromEntries([...form].filter(([, value]) => typeof value === "string"));
  const parsed = cartIntentSchema.safeParse({ ...fields, intent: "add" });
  const back = safeRedirect(typeof fields.redirectTo === "string" ? fields.redirectTo : null, "/products");
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (!parsed.success || parsed.data.intent !== "add") {
    // The page's own form cannot send this (its fields are constrained), so it is a 400,
    // said plainly in the shopper's language.
    const key = parsed.success ? "errors.intent" : (parsed.error.issues[0]?.message ?? "errors.quantity");
    const t = await getFixedT(await getLocale(request), "cart");
    return new Response(t(key.startsWith("errors.") ? key : "errors.quantity", CART_LIMIT_AMOUNTS), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const wanted = { variantId: parsed.data.variantId, quantity: parsed.data.quantity };
  const check = await checkBuyNowLine(db(), wanted);
  if (!check.ok) {
    const url = new URL(back, "http://local.invalid");
    url.searchParams.delete("added");
    url.searchParams.set("buy", check.code);
    return redirect(`${url.pathname}${url.search}`, { status: 303, headers });
  }
  return redirect(buyNowCheckoutPath(wanted), { status: 303, headers });
}
