import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";

export interface ReorderSummary {
  added: { nameZh: string; nameEn: string; labelZh: string; labelEn: string; quantity: number; ordered: number; limited: boolean }[];
  unavailable: { nameZh: string; nameEn: string; labelZh: string; labelEn: string; reason: "archived" | "inactive" | "sold_out" | "removed" }[];
}

/** What "buy again" put into the cart, and what it could not, with the reason. */
export function ReorderResultNotice({ result, locale }: { result: ReorderSummary; locale: Locale }) {
  const { t } = useTranslation("orders");
  const name = (line: { nameZh: string; nameEn: string }) => (locale === "zh" ? line.nameZh : line.nameEn);
  const label = (line: { labelZh: string; labelEn: string }) => (locale === "zh" ? line.labelZh : line.labelEn);
  const added = result.added.filter((line) => line.quantity > 0 || line.limited);
  return (
    <div className={`notice reorder-result${added.some((line) => line.quantity > 0) ? "" : " notice--warn"}`} role="status" data-testid="reorder-result">
      {added.length > 0 ? (
        <>
          <p className="reorder-result__title">{t("tracking.reorder.addedTitle")}</p>
          <ul>
            {added.map((line, index) => (
              <li key={`a${index}`}>
                {line.limited
                  ? t("tracking.reorder.limited", { name: name(line), label: label(line), quantity: line.quantity, ordered: line.ordered })
                  : t("tracking.reorder.added", { name: name(line), label: label(line), quantity: line.quantity })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("tracking.reorder.nothing")}</p>
      )}
      {result.unavailable.length > 0 ? (
        <>
          <p className="reorder-result__title">{t("tracking.reorder.unavailableTitle")}</p>
          <ul>
            {result.unavailable.map((line, index) => (
              <li key={`u${index}`}>{t("tracking.reorder.unavailable", { name: name(line), label: label(line), reason: t(`tracking.reorder.reason.${line.reason}`) })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {added.some((line) => line.quantity > 0) ? (
        <p>
          <Link to="/cart" className="button">{t("tracking.reorder.viewCart")}</Link>
        </p>
      ) : null}
    </div>
  );
}
