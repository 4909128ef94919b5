import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { VariantView } from "~/types/catalogue";
import { formatFen } from "~/utils/money";
import { StockLabel } from "~/components/product/stock-label";

/** What a size link keeps of the page's URL besides the size: the province shipped to and the photo shown. */
const KEPT_WITH_SIZE = ["province", "photo"] as const;

/**
 * Sizes as links: the chosen one lives in the URL (?variant=SKU), so it can be shared,
 * survives a reload and works without JavaScript.
 */
export function VariantPicker({ variants, selectedSku }: { variants: readonly VariantView[]; selectedSku: string | null }) {
  const { t } = useTranslation("catalogue");
  const [searchParams] = useSearchParams();
  const sizeHref = (sku: string) => {
    const params = new URLSearchParams({ variant: sku });
    for (const name of KEPT_WITH_SIZE) {
      const value = searchParams.get(name);
      if (value) params.set(name, value);
    }
    return `?${params}`;
  };
  return (
    <nav className="variant-picker" aria-labelledby="variant-picker-title">
      <h2 id="variant-picker-title" className="variant-picker__title">
        {t("product.chooseVariant")}
      </h2>
      <ul>
        {variants.map((variant) => {
          const selected = variant.sku === selectedSku;
          return (
            <li key={variant.sku}>
              <Link
                to={sizeHref(variant.sku)}
                replace
                preventScrollReset
                className={`variant-option${selected ? " is-selected" : ""}${variant.stock === "sold_out" ? " is-sold-out" : ""}`}
                aria-current={selected ? "true" : undefined}
                data-sku={variant.sku}
              >
                <span className="variant-option__label">{variant.label}</span>
                <span className="variant-option__price">{formatFen(variant.priceFen)}</span>
                <StockLabel variant={variant} />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
