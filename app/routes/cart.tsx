import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CartLine, type CartLineView } from "~/components/cart/cart-line";
import { CartClear, CartUndo, FreeShippingNote, type UndoNotice } from "~/components/cart/cart-summary";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  addToCart,
  cartItemCount,
  cartVariantNames,
  clearCart,
  readCartLines,
  restoreCartLine,
  setCartQuantity,
  takeCartLine,
  type CartChangeResult,
  type CartLine as CartLineRow,
} from "~/models/cart.server";
import { findShopperCart, getOrCreateShopperCart, shippingConfig } from "~/services/checkout.server";
import type { Locale } from "~/i18n";
import cartStyles from "~/styles/cart.css";
import { CART_INTENTS, cartIntentSchema } from "~/utils/checkout-schema.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { CART_LIMIT_AMOUNTS, cartLimitProblem } from "~/utils/cart-limits";
import { formatFen } from "~/utils/money";
import { safeRedirect } from "~/utils/redirect";
import { readForm } from "~/utils/form-data.server";
import { parseUndoToken, undoToken, type UndoableRemoval } from "~/utils/cart-undo";
import { freeShippingProgress } from "~/utils/free-shipping";
import { illustrationUrl } from "~/utils/images";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cartStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Cart" }, { name: "robots", content: "noindex" }];

/** What the page shows of a line: names and sizes, never the SKU code or other internals. */
function lineView(line: CartLineRow): CartLineView {
  return {
    variantId: line.variantId,
    slug: line.slug,
    nameZh: line.nameZh,
    nameEn: line.nameEn,
    labelZh: line.labelZh,
    labelEn: line.labelEn,
    quantity: line.quantity,
    unitPriceFen: line.unitPriceFen,
    priceSeenFen: line.priceSeenFen,
    lineTotalFen: line.lineTotalFen,
    available: line.available,
    purchasable: line.purchasable,
    soldOut: line.soldOut,
    exceedsStock: line.exceedsStock,
    priceChanged: line.priceChanged,
    temperatureClass: line.temperatureClass,
    // The name is written beside the thumbnail, so the picture itself says nothing more.
    picture: line.imageKey
      ? { kind: "photo", storageKey: line.imageKey, alt: "", width: 640, height: 480 }
      : { kind: "illustration", src: illustrationUrl(line.illustration), alt: "" },
  };
}

/** The "removed … undo" note for a removal, in the shopper's language. */
async function undoNotice(removal: UndoableRemoval, locale: Locale): Promise<UndoNotice | null> {
  const names = await cartVariantNames(db(), { variantId: removal.variantId });
  if (!names) return null;
  return {
    token: undoToken(removal),
    name: locale === "zh" ? names.nameZh : names.nameEn,
    label: locale === "zh" ? names.labelZh : names.labelEn,
    quantity: removal.quantity,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "cart");
  const { cartId } = await findShopperCart(db(), request);
  const lines = cartId ? await readCartLines(db(), { cartId }) : [];
  // After a removal without scripts, the redirect's `?undo=` offers the line back (unless it is back already).
  const removal = parseUndoToken(new URL(request.url).searchParams.get("undo"));
  const undo = removal && !lines.some((line) => line.variantId === removal.variantId) ? await undoNotice(removal, locale) : null;
  const subtotalFen = lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
  // A cart past an order limit (prices rose since) is kept, and says what to change.
  const overLimit = cartLimitProblem(lines);
  return json(
    {
      locale,
      metaTitle: t("metaTitle"),
      lines: lines.map(lineView),
      subtotalFen,
      freeShipping: freeShippingProgress(lines, shippingConfig().freeStandardFromFen),
      undo,
      count: lines.reduce((sum, line) => sum + line.quantity, 0),
      blocked: lines.some((line) => line.soldOut || line.exceedsStock) || overLimit !== null,
      limit: overLimit ? { code: overLimit.code, message: t(`errors.${overLimit.code}`, CART_LIMIT_AMOUNTS) } : null,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

/**
 * A browser submitting the form itself (no JavaScript) gets a redirect, as forms expect;
 * Remix's own fetches (fetcher and <Form> once hydrated) get JSON and update in place.
 */
function isDocumentRequest(request: Request): boolean {
  const destination = request.headers.get("Sec-Fetch-Dest");
  if (destination) return destination === "document";
  return (request.headers.get("Accept") ?? "").includes("text/html");
}

/** Back on the product page, `?added=1` has it confirm the addition (the form posted without scripts). */
function withAddedNote(path: string): string {
  if (path === "/cart") return path;
  const url = new URL(path, "http://local.invalid");
  url.searchParams.set("added", "1");
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `code` names the refusal; `error` says it in the shopper's language (the product page shows it as is). */
type CartActionData =
  | { ok: true; intent: string; cartCount: number; undo?: UndoNotice | null }
  | { ok: false; intent: string; code: string; error: string; available?: number };

export async function action({ request }: ActionFunctionArgs) {
  const t = await getFixedT(await getLocale(request), "cart");
  const refuse = (intent: string, code: string, status: number, available?: number, headers?: Headers) =>
    json<CartActionData>({ ok: false, intent, code, error: t(`errors.${code}`, { available: available ?? 0, ...CART_LIMIT_AMOUNTS }), available }, { status, headers });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "restore") return restore(request, form, refuse);
  if (!(CART_INTENTS as readonly string[]).includes(intent)) return refuse(intent, "intent", 400);
  const parsed = cartIntentSchema.safeParse(Object.fromEntries([...form].filter(([, value]) => typeof value === "string")));
  if (!parsed.success) return refuse(intent, (parsed.error.issues[0]?.message ?? "errors.quantity").replace(/^errors\./, ""), 400);
  const input = parsed.data;
  const headers = new Headers({ "Cache-Control": "no-store" });
  let result: CartChangeResult | { ok: true } = { ok: true };
  let cartId: string | null;
  let removed: UndoableRemoval | null = null;

  if (input.intent === "add") {
    const cart = await getOrCreateShopperCart(db(), request);
    if (cart.setCookie) headers.append("Set-Cookie", cart.setCookie);
    cartId = cart.cartId;
    result = await addToCart(db(), { cartId, variantId: input.variantId, quantity: input.quantity });
  } else {
    cartId = (await findShopperCart(db(), request)).cartId;
    if (input.intent === "update") {
      result = cartId ? await setCartQuantity(db(), { cartId, variantId: input.variantId, quantity: input.quantity }) : { ok: false, reason: "not_in_cart" };
    } else if (input.intent === "remove") {
      removed = cartId ? await takeCartLine(db(), { cartId, variantId: input.variantId }) : null;
    } else if (cartId) {
      await clearCart(db(), { cartId });
    }
  }

  if (!result.ok) {
    const code = result.reason === "insufficient_stock" && !result.available ? "insufficient_stock_none" : result.reason;
    return refuse(intent, code, 400, result.available, headers);
  }
  if (isDocumentRequest(request)) {
    const to = input.intent === "add" ? withAddedNote(safeRedirect(input.redirectTo, "/cart")) : removed ? `/cart?undo=${undoToken(removed)}` : "/cart";
    return redirect(to, { status: 303, headers });
  }
  const cartCount = cartId ? await cartItemCount(db(), { cartId }) : 0;
  const undo = removed ? await undoNotice(removed, await getLocale(request)) : undefined;
  return json<CartActionData>({ ok: true, intent, cartCount, ...(undo === undefined ? {} : { undo }) }, { headers });
}

/** Undo of a removal: the line comes back with its quantity, checked again like any change. */
async function restore(
  request: Request,
  form: FormData,
  refuse: (intent: string, code: string, status: number, available?: number) => Response,
) {
  const removal = parseUndoToken(String(form.get("undo") ?? ""));
  if (!removal) return refuse("restore", "undo", 400);
  const { cartId } = await findShopperCart(db(), request);
  if (!cartId) return refuse("restore", "not_in_cart", 400);
  const result = await restoreCartLine(db(), { cartId, ...removal });
  if (!result.ok) {
    const code = result.reason === "insufficient_stock" && !result.available ? "insufficient_stock_none" : result.reason;
    return refuse("restore", code, 400, result.available);
  }
  if (isDocumentRequest(request)) return redirect("/cart", { status: 303, headers: { "Cache-Control": "no-store" } });
  return json<CartActionData>({ ok: true, intent: "restore", cartCount: await cartItemCount(db(), { cartId }) }, { headers: { "Cache-Control": "no-store" } });
}

export default function CartPage() {
  const { lines, subtotalFen, count, blocked, limit, locale, freeShipping, undo: undoFromUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("cart");
  // A removal made in place answers with its undo; one made without scripts came back through the URL.
  const undo = actionData?.ok ? (actionData.intent === "remove" ? actionData.undo ?? null : null) : undoFromUrl;
  return (
    <section className="cart-page" aria-labelledby="cart-title">
      <h1 id="cart-title">{t("title")}</h1>
      {actionData && !actionData.ok ? (
        <p className="notice notice--error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {undo ? <CartUndo undo={undo} /> : null}
      {lines.length === 0 ? (
        <div className="card">
          <h2>{t("empty.title")}</h2>
          <p>{t("empty.body")}</p>
          <Link to="/products" className="button">{t("empty.browse")}</Link>
        </div>
      ) : (
        <>
          <ul className="cart-lines">
            {lines.map((line) => (
              <CartLine key={line.variantId} line={line} locale={locale} />
            ))}
          </ul>
          <div className="card cart-summary">
            <p className="cart-summary__row">
              <span>
                {t("subtotal")} <span className="muted">({t("itemCount", { count })})</span>
              </span>
              <span className="price" data-testid="cart-subtotal">{formatFen(subtotalFen)}</span>
            </p>
            <FreeShippingNote progress={freeShipping} />
            {limit ? <p className="notice notice--warn" role="status">{limit.message}</p> : blocked ? <p className="notice notice--warn">{t("blocked")}</p> : null}
            <div className="cart-summary__actions">
              {blocked ? null : (
                <Link to="/checkout" className="button">{t("checkout")}</Link>
              )}
              <Link to="/products" className="button button--ghost">{t("continue")}</Link>
            </div>
          </div>
          <CartClear />
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
