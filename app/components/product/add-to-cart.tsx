import { useTranslation } from "react-i18next";
import type { VariantView } from "~/types/catalogue";
import { formatFen } from "~/utils/money";

/** The buy bar's form id: the quantity field sits in the page and belongs to it through `form=`. */
export const BUY_FORM_ID = "buy-form";

/** The quantity of the chosen size, shown with the sizes and sent with the buy bar's form. */
export function QuantityField({ variant }: { variant: VariantView | null }) {
  const { t } = useTranslation("catalogue");
  const soldOut = !variant || variant.stock === "sold_out";
  return (
    <div className="field add-to-cart__quantity">
      <label htmlFor="add-to-cart-quantity">{t("product.quantity")}</label>
      <input
        id="add-to-cart-quantity"
        form={BUY_FORM_ID}
        name="quantity"
        type="number"
        inputMode="numeric"
        min={1}
        max={Math.max(variant?.available ?? 1, 1)}
        step={1}
        defaultValue={1}
        required
        disabled={soldOut}
        aria-describedby="add-to-cart-hint"
      />
      <p id="add-to-cart-hint" className="field__hint" data-v="hint">
        {soldOut ? t("product.soldOutNote") : t("product.quantityHint", { max: variant?.available ?? 0 })}
      </p>
    </div>
  );
}

/**
 * The buy bar, kept at the bottom of a phone's screen: the chosen size's price, 加入购物车
 * (a plain post to /cart, which comes back here with `?added=1`; the catalogue script posts
 * to /cart/add instead and stays on the page) and 立即购买 (/cart/buy-now, then checkout).
 */
export function BuyBar({
  variant,
  redirectTo,
  notice,
}: {
  variant: VariantView | null;
  redirectTo: string;
  /** What the last addition did: confirmed (`?added=1`) or refused (`?buy=<code>`). */
  notice: { kind: "added" | "error"; text: string } | null;
}) {
  const { t } = useTranslation("catalogue");
  const soldOut = !variant || variant.stock === "sold_out";
  return (
    // The header's cart label for one item and for several: the script picks one by the
    // language's plural rules and puts in the new count.
    <form
      id={BUY_FORM_ID}
      method="post"
      action="/cart"
      className="buy-bar"
      aria-label={t("buy.barLabel")}
      data-buy="/cart/add"
      data-failed={t("buy.failed")}
      data-cart-one={t("nav.cartWithCount", { ns: "common", count: 1 })}
      data-cart-other={t("nav.cartWithCount", { ns: "common", count: 2 })}
      data-testid="buy-bar"
    >
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="variantId" value={variant?.id ?? ""} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <p className={`buy-bar__status${notice?.kind === "error" ? " is-error" : ""}`} role="status" aria-live="polite" data-buy-status data-testid="buy-status">
        <span data-buy-message>{notice?.text}</span>
        <a href="/cart" data-buy-cart hidden={notice?.kind !== "added"}>
          {t("product.viewCart")}
        </a>
      </p>
      <div className="buy-bar__row">
        <p className="buy-bar__price">
          <span className="price" data-v="price" data-testid="buy-bar-price">
            {variant ? formatFen(variant.priceFen) : ""}
          </span>
          <span className="buy-bar__size" data-v="label">
            {variant?.label}
          </span>
        </p>
        <button type="submit" className="buy-bar__add" disabled={soldOut}>
          {soldOut ? t("product.soldOutButton") : t("product.addToCart")}
        </button>
        <button type="submit" formAction="/cart/buy-now" className="buy-bar__now" disabled={soldOut}>
          {t("buy.buyNow")}
        </button>
      </div>
    </form>
  );
}
