import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import type { QuoteView } from "~/types/stays";
import { formatDay, formatLongDay } from "~/components/stays/format";
import { formatFen } from "~/utils/money";

// The parts of a stay page that state facts: the price of chosen dates night by night, and the
// cancellation policy in plain words, shown before the guest pays.

/** Paragraphs of a host's text, split on blank lines; React escapes every character. */
export function TextBlock({ text, className }: { text: string; className?: string }) {
  if (!text.trim()) return null;
  return (
    <div className={className}>
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

export function PriceBreakdown({ quote, unitName, locale }: { quote: QuoteView; unitName: string; locale: Locale }) {
  const { t } = useTranslation("stays");
  if (!quote.ok) {
    const params = quote.code === "too_short" ? { minNights: quote.minNights } : quote.code === "too_long" ? { maxNights: quote.maxNights } : {};
    return (
      <p className="notice notice--warn" data-testid="price-refusal">
        {t(`errors.${quote.code}`, params)}
      </p>
    );
  }
  const count = quote.nights.length;
  return (
    <div className="stay-price" data-testid="price-breakdown">
      <table className="stay-price__table">
        <caption>
          {unitName} · {formatDay(quote.checkIn, locale)} → {formatDay(quote.checkOut, locale)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("page.night")}</th>
            <th scope="col">{t("page.rate")}</th>
            <th scope="col" className="num">
              {t("page.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {quote.nights.map((night) => (
            <tr key={night.night} data-source={night.source}>
              <td>{formatDay(night.night, locale)}</td>
              <td>{night.source === "rate" ? night.label : t(`page.sources.${night.source}`)}</td>
              <td className="num">{formatFen(night.priceFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t("page.total", { count })}
            </th>
            <td className="num">
              <strong className="price" data-testid="price-total">
                {formatFen(quote.totalFen)}
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
      {quote.tooSmallFor !== null ? (
        <p className="notice notice--warn">{t("errors.too_many_guests", { capacity: quote.tooSmallFor })}</p>
      ) : quote.free ? null : (
        <p className="notice notice--warn">{t("page.notFree")}</p>
      )}
    </div>
  );
}

export interface PolicyView {
  freeDays: number;
  lateRefundPercent: number;
  freeUntil: string | null;
  freeWindowOpen: boolean | null;
}

export function CancellationPolicy({ policy, locale }: { policy: PolicyView; locale: Locale }) {
  const { t } = useTranslation("stays");
  const percent = policy.lateRefundPercent;
  return (
    <div className="stay-policy" data-testid="cancellation-policy">
      {policy.freeUntil === null ? (
        <p>{t("page.policyGeneral", { count: policy.freeDays, percent })}</p>
      ) : policy.freeWindowOpen ? (
        <>
          <p>
            <strong>{t("page.policyFreeUntil", { date: formatLongDay(policy.freeUntil, locale) })}</strong>
          </p>
          <p>{percent > 0 ? t("page.policyAfter", { percent }) : t("page.policyNoneAfter")}</p>
        </>
      ) : (
        <p>{t("page.policyNoFree", { percent })}</p>
      )}
      <p className="muted">{t("page.policyArrival")}</p>
    </div>
  );
}
