import { useTranslation } from "react-i18next";
import type { VariantView } from "~/types/catalogue";

const TONE = { in_stock: "stock--ok", low_stock: "stock--low", sold_out: "stock--out" } as const;

/** "In stock", "Only 3 left" or "Sold out". */
export function StockLabel({ variant }: { variant: Pick<VariantView, "stock" | "available"> }) {
  const { t } = useTranslation("catalogue");
  const text =
    variant.stock === "low_stock" ? t("product.stock.low_stock", { count: variant.available }) : t(`product.stock.${variant.stock}`);
  return (
    <span className={`stock ${TONE[variant.stock]}`} data-stock={variant.stock}>
      {text}
    </span>
  );
}
