import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import type { VariantView } from "~/types/catalogue";

/** What the /cart action may answer a fetcher with; anything naming an error is shown as one. */
function errorIn(data: unknown): string | null {
  if (!data || typeof data !== "object") return null;
  const record = data as Record<string, unknown>;
  for (const key of ["error", "formError", "message"]) {
    if (typeof record[key] === "string" && record[key]) return record[key] as string;
  }
  if (record.ok === false) return "";
  return null;
}

/**
 * Adds the selected size to the cart. A fetcher form posting to /cart (intent=add), so
 * the page stays put when it runs scripts; as plain HTML the /cart action redirects back
 * here with `justAdded`, or shows the cart with the refusal.
 */
export function AddToCartForm({ variant, redirectTo, justAdded }: { variant: VariantView | null; redirectTo: string; justAdded: boolean }) {
  const { t } = useTranslation("catalogue");
  const fetcher = useFetcher();
  const soldOut = !variant || variant.stock === "sold_out";
  const error = fetcher.state === "idle" ? errorIn(fetcher.data) : null;
  const added = fetcher.state === "idle" && (fetcher.data !== undefined ? error === null : justAdded);
  return (
    <fetcher.Form method="post" action="/cart" className="add-to-cart" key={variant?.sku ?? "none"}>
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="variantId" value={variant?.id ?? ""} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <div className="add-to-cart__row">
        <div className="field add-to-cart__quantity">
          <label htmlFor="add-to-cart-quantity">{t("product.quantity")}</label>
          <input
            id="add-to-cart-quantity"
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
        </div>
        <SubmitButton fetcher={fetcher} className="add-to-cart__button" disabled={soldOut} pendingText={t("product.adding")}>
          {soldOut ? t("product.soldOutButton") : t("product.addToCart")}
        </SubmitButton>
      </div>
      <p id="add-to-cart-hint" className="field__hint">
        {soldOut ? t("product.soldOutNote") : t("product.quantityHint", { max: variant?.available ?? 0 })}
      </p>
      <p className="add-to-cart__status" role="status" aria-live="polite">
        {error ? <span className="field__error">{error}</span> : null}
        {added ? (
          <>
            {t("product.added")} <a href="/cart">{t("product.viewCart")}</a>
          </>
        ) : null}
      </p>
    </fetcher.Form>
  );
}
