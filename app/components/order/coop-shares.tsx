import { useTranslation } from "react-i18next";
import type { OrderCoopShare } from "~/types/impact";
import { formatFen } from "~/utils/money";

/** Per cooperative, what the order sent it: goods, the shop's commission, what it is paid. */
export function OrderCoopShares({ shares }: { shares: readonly OrderCoopShare[] }) {
  const { t, i18n } = useTranslation("orders");
  if (shares.length === 0) return null;
  const sum = (pick: (row: OrderCoopShare) => number) => shares.reduce((total, row) => total + pick(row), 0);
  return (
    <section className="card order-coop-shares" aria-labelledby="coop-shares-title" data-testid="order-coop-shares">
      <h2 id="coop-shares-title">{t("coopShares.title")}</h2>
      <p className="muted">{t("coopShares.intro")}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("coopShares.cooperative")}</th>
            <th scope="col" className="num">{t("coopShares.goods")}</th>
            <th scope="col" className="num">{t("coopShares.commission")}</th>
            <th scope="col" className="num">{t("coopShares.payable")}</th>
          </tr>
        </thead>
        <tbody>
          {shares.map((row) => (
            <tr key={row.cooperativeId} data-testid="coop-share-row">
              <th scope="row">{i18n.language === "en" ? row.nameEn || row.nameZh : row.nameZh}</th>
              <td className="num">{formatFen(row.goodsFen)}</td>
              <td className="num">{formatFen(row.commissionFen)}</td>
              <td className="num" data-testid="coop-share-payable">{formatFen(row.payableFen)}</td>
            </tr>
          ))}
        </tbody>
        {shares.length > 1 ? (
          <tfoot>
            <tr>
              <th scope="row">{t("coopShares.total")}</th>
              <td className="num">{formatFen(sum((row) => row.goodsFen))}</td>
              <td className="num">{formatFen(sum((row) => row.commissionFen))}</td>
              <td className="num">{formatFen(sum((row) => row.payableFen))}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </section>
  );
}
