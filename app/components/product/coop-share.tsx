import { useTranslation } from "react-i18next";
import type { CoopShare as CoopShareFigures } from "~/types/impact";
import { formatFen } from "~/utils/money";

/** A rate in basis points as a percentage (500 → "5%", 550 → "5.5%"). */
export function formatRate(rateBp: number): string {
  return `${Number((rateBp / 100).toFixed(2))}%`;
}

/**
 * How much of the price of one unit reaches the cooperative, at its commission rate today:
 * the same split and rounding the ledger posts when the order is paid.
 */
export function CoopShare({ share }: { share: CoopShareFigures | null }) {
  const { t } = useTranslation("catalogue");
  if (!share) return null;
  return (
    <p className="coop-share" data-testid="coop-share">
      <strong>{t("transparency.coopShare", { amount: formatFen(share.cooperativeFen) })}</strong>
      <span className="muted coop-share__detail">
        {t("transparency.coopShareDetail", { price: formatFen(share.priceFen), rate: formatRate(share.rateBp), commission: formatFen(share.commissionFen) })}
      </span>
    </p>
  );
}
