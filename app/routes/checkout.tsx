import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckoutForm } from "~/components/checkout/checkout-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { readCartLines, readLoneLine, type CartLine } from "~/models/cart.server";
import { getOptionalUser, type SessionUser } from "~/services/auth.server";
import { buyNowOrderCartId, buyNowQuery, buyNowRefusalPath, checkBuyNowLine } from "~/services/buy-now.server";
import {
  checkoutPrefill,
  findShopperCart,
  getOrCreateShopperCart,
  newCheckoutKey,
  placeOrderFromCart,
  shippingConfig,
  startPayment,
  type PlaceOrderError,
} from "~/services/checkout.server";
import checkoutStyles from "~/styles/checkout.css";
import {
  addressChoice,
  buyNowSearchSchema,
  checkoutSchema,
  saveAddressField,
  SEEN_PRICE_FIELD,
  seenPriceField,
  typedValues,
  type BuyNowSearch,
  type CheckoutValues,
} from "~/utils/checkout-schema.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { regionChoices } from "~/utils/regions.server";
import { cartLimitProblem, MAX_LINE_TOTAL_FEN, MAX_ORDER_GOODS_FEN } from "~/utils/cart-limits";
import { formatFen } from "~/utils/money";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Checkout" }, { name: "robots", content: "noindex" }];

function checkoutLines(lines: CartLine[]) {
  return lines.map((line) => ({
    variantId: line.variantId,
    nameZh: line.nameZh,
    nameEn: line.nameEn,
    labelZh: line.labelZh,
    labelEn: line.labelEn,
    quantity: line.quantity,
    unitPriceFen: line.unitPriceFen,
    weightGrams: line.weightGrams,
    temperatureClass: line.temperatureClass,
    lineTotalFen: line.lineTotalFen,
  }));
}

/**
 * 立即购买's line when the address names one (`?buy=<variant id>&quantity=<n>`, see
 * app/services/buy-now.server.ts): then this checkout is of that line alone and the cart is
 * not read. A malformed one, which the product page never sends, goes to the catalogue.
 */
function requestedBuyNow(request: Request): { variantId: number; quantity: number } | null {
  const search = new URL(request.url).searchParams;
  if (!search.has("buy")) return null;
  const fields: Record<keyof BuyNowSearch, string | undefined> = { buy: search.get("buy") ?? undefined, quantity: search.get("quantity") ?? undefined };
  const parsed = buyNowSearchSchema.safeParse(fields);
  if (!parsed.success) throw redirect("/products");
  return { variantId: parsed.data.buy, quantity: parsed.data.quantity };
}

/** The 立即购买 line as it can be bought now; a refusal goes back to the product page, which says why. */
async function loadBuyNow(wanted: { variantId: number; quantity: number }): Promise<CartLine> {
  const check = await checkBuyNowLine(db(), wanted);
  if (!check.ok) throw redirect(buyNowRefusalPath(check));
  return check.line;
}

async function loadCart(request: Request) {
  const cart = await findShopperCart(db(), request);
  const lines = cart.cartId ? await readCartLines(db(), { cartId: cart.cartId }) : [];
  // Problems are shown and fixed in the cart, where each line has its own controls.
  if (lines.length === 0 || lines.some((line) => line.soldOut || line.exceedsStock)) throw redirect("/cart");
  return { ...cart, lines };
}

function pageData(input: { locale: "zh" | "en"; metaTitle: string; lines: CartLine[]; values: CheckoutValues }) {
  const env = getEnv();
  return {
    locale: input.locale,
    metaTitle: input.metaTitle,
    lines: checkoutLines(input.lines),
    config: shippingConfig(),
    regions: regionChoices({ province: input.values.province, city: input.values.city }),
    values: input.values,
    testPayments: env.paymentProvider === "dev",
    reservationMinutes: env.RESERVATION_MINUTES,
  };
}

/** What the page says of a 立即购买 checkout: its line's product page, and the price its form sends back. */
function buyNowData(line: CartLine) {
  return {
    query: buyNowQuery(line),
    productPath: `/products/${line.slug}?${new URLSearchParams({ variant: line.sku })}`,
    // The field name comes from here: the schema module stays on the server.
    hiddenFields: { [SEEN_PRICE_FIELD]: String(line.unitPriceFen) },
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "checkout");
  const wanted = requestedBuyNow(request);
  const buyNowLine = wanted ? await loadBuyNow(wanted) : null;
  const { lines, user } = buyNowLine ? { lines: [buyNowLine], user: await getOptionalUser(request) } : await loadCart(request);
  // A cart past an order limit goes back to the cart, which says what to change.
  if (cartLimitProblem(lines)) throw redirect("/cart");
  const addressId = addressChoice.parse(new URL(request.url).searchParams.get("address") ?? undefined);
  const prefill = await checkoutPrefill(db(), { user, addressId });
  const values = { ...prefill.values, checkoutKey: newCheckoutKey() };
  const addresses = prefill.addresses.map(({ id, recipient, province, city, district, street }) => ({ id, recipient, place: `${province}${city}${district}${street}` }));
  return json(
    {
      ...pageData({ locale, metaTitle: t(buyNowLine ? "buyNow.metaTitle" : "metaTitle"), lines, values }),
      addresses,
      addressId: prefill.addressId,
      signedIn: user !== null,
      buyNow: buyNowLine ? buyNowData(buyNowLine) : null,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type ActionData = {
  values: CheckoutValues;
  errors: FieldErrors;
  formError: { key: string; items?: string; max?: string } | null;
  regions: ReturnType<typeof regionChoices>;
};

function describeItems(lines: CartLine[], variantIds: number[], locale: "zh" | "en"): string {
  return lines
    .filter((line) => variantIds.includes(line.variantId))
    .map((line) => (locale === "zh" ? `${line.nameZh}（${line.labelZh}）` : `${line.nameEn} (${line.labelEn})`))
    .join(locale === "zh" ? "、" : ", ");
}

function refusal(error: PlaceOrderError, lines: CartLine[], locale: "zh" | "en"): Pick<ActionData, "errors" | "formError"> {
  switch (error.code) {
    case "shipping_unavailable":
      return { errors: { shippingMethod: `shipping.reasons.${error.reason}` }, formError: { key: "errors.form" } };
    case "invalid_region":
      return { errors: { province: "errors.invalid_region" }, formError: { key: "errors.invalid_region" } };
    case "empty_cart":
      return { errors: {}, formError: { key: "errors.empty_cart" } };
    case "line_too_large":
    case "order_too_large":
      return { errors: {}, formError: { key: `errors.${error.code}`, items: describeItems(lines, error.variantIds, locale), max: formatFen(error.code === "line_too_large" ? MAX_LINE_TOTAL_FEN : MAX_ORDER_GOODS_FEN) } };
    case "checkout_key_used":
      return { errors: {}, formError: { key: "errors.checkoutKey" } };
    default:
      return { errors: {}, formError: { key: `errors.${error.code}`, items: describeItems(lines, error.variantIds, locale) } };
  }
}

/**
 * The one read of what a submitted checkout buys: the cart's lines with the prices the cart
 * showed, or 立即购买's line with the price its form showed. A 立即购买 order is named by a cart
 * id of its own (app/services/buy-now.server.ts), derived from the shopper's cart, so a guest
 * without a cart is given one (its cookie goes on `headers`).
 */
async function readWhatToBuy(request: Request, form: FormData, headers: Headers): Promise<{ cartId: string; user: SessionUser | null; lines: CartLine[] }> {
  const wanted = requestedBuyNow(request);
  if (!wanted) {
    const cart = await loadCart(request);
    if (!cart.cartId) throw redirect("/cart");
    return { cartId: cart.cartId, user: cart.user, lines: cart.lines };
  }
  // The price check needs the shown price: a form without it (not this page's) starts again from the page.
  const seen = seenPriceField.safeParse(form.get(SEEN_PRICE_FIELD) ?? undefined);
  if (!seen.success) throw redirect(`/checkout?${buyNowQuery(wanted)}`);
  const line = await readLoneLine(db(), wanted);
  if (!line) throw redirect("/products?buy=unavailable");
  const shopper = await getOrCreateShopperCart(db(), request);
  if (shopper.setCookie) headers.append("Set-Cookie", shopper.setCookie);
  return { cartId: buyNowOrderCartId(shopper.cartId), user: shopper.user, lines: [{ ...line, priceSeenFen: seen.data }] };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const form = await readForm(request);
  checkHoneypot(form);
  const values = typedValues(form);
  const headers = new Headers();
  const respond = (data: Omit<ActionData, "values" | "regions">, status: number) =>
    json<ActionData>({ ...data, values, regions: regionChoices({ province: values.province, city: values.city }) }, { status, headers });

  // Without JavaScript, choosing a province or city is a round trip that lists the next level.
  if (form.get("intent") === "regions") return respond({ errors: {}, formError: null }, 200);

  const parsed = parseForm(checkoutSchema, form);
  if (!parsed.ok) return respond({ errors: parsed.errors, formError: { key: "errors.form" } }, 400);

  const { cartId, user, lines } = await readWhatToBuy(request, form, headers);
  const placed = await placeOrderFromCart(db(), {
    cartId,
    user: user ? { id: user.id, email: user.email } : null,
    locale,
    details: parsed.data,
    saveAddress: saveAddressField.safeParse(form.get("saveAddress") ?? undefined).data ?? false,
    cart: lines,
  });
  if (!placed.ok) {
    if (placed.error.code === "empty_cart") throw redirect("/cart");
    // A key another cart used: the form gets a fresh one, so submitting again places this cart's own order.
    if (placed.error.code === "checkout_key_used") values.checkoutKey = newCheckoutKey();
    return respond(refusal(placed.error, lines, locale), 400);
  }
  const { order } = placed;
  const payment = await startPayment(db(), { orderId: order.id, actor: { kind: "shopper", userId: user?.id ?? null } });
  if (payment.kind === "redirect") return redirect(payment.url, { status: 303, headers });
  const query = new URLSearchParams({ token: order.accessToken, payment: payment.kind === "provider_unavailable" ? "unavailable" : payment.kind });
  return redirect(`/orders/${order.number}?${query}`, { status: 303, headers });
}

export default function CheckoutPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("checkout");
  const values = actionData?.values ?? data.values;
  return (
    <section className="checkout-page" aria-labelledby="checkout-title">
      {data.buyNow ? (
        <>
          <p>
            <Link to={data.buyNow.productPath}>← {t("buyNow.backToProduct")}</Link>
          </p>
          <h1 id="checkout-title">{t("buyNow.title")}</h1>
          <p className="notice" data-testid="buy-now-note">
            {t("buyNow.note")} <Link to="/cart">{t("buyNow.cartLink")}</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            <Link to="/cart">← {t("backToCart")}</Link>
          </p>
          <h1 id="checkout-title">{t("title")}</h1>
        </>
      )}
      {data.addresses.length > 1 && !actionData ? <SavedAddressPicker addresses={data.addresses} chosen={data.addressId} keep={data.buyNow?.query ?? null} /> : null}
      <CheckoutForm
        locale={data.locale}
        lines={data.lines}
        config={data.config}
        regions={actionData?.regions ?? data.regions}
        values={values}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError ?? null}
        checkoutKey={values.checkoutKey ?? data.values.checkoutKey ?? ""}
        testPayments={data.testPayments}
        reservationMinutes={data.reservationMinutes}
        signedIn={data.signedIn}
        hiddenFields={data.buyNow?.hiddenFields}
      />
    </section>
  );
}

/** Links, not a form field: choosing fills the whole form from that address, with or without JavaScript. */
function SavedAddressPicker({ addresses, chosen, keep }: { addresses: Array<{ id: number; recipient: string; place: string }>; chosen: number | null; keep: string | null }) {
  const { t } = useTranslation("checkout");
  return (
    <nav className="checkout-addresses" aria-label={t("savedAddresses.label")}>
      <h2>{t("savedAddresses.label")}</h2>
      <ul>
        {addresses.map((address) => (
          <li key={address.id}>
            <Link to={`?${keep ? `${keep}&` : ""}address=${address.id}`} replace preventScrollReset aria-current={address.id === chosen ? "true" : undefined}>
              <strong>{address.recipient}</strong> <span>{address.place}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
