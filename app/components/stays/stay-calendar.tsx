import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";
import type { MonthView } from "~/types/stays";
import { formatLongDay, formatMonth } from "~/components/stays/format";
import { MonthGrid, monthWeeks } from "~/components/stays/month-grid";

/** One month of a unit's nights as a table, Monday first; each night says its state in words too. */
export function MonthCalendar({ month, locale, caption }: { month: MonthView; locale: Locale; caption: string }) {
  const { t } = useTranslation("stays");
  const weekdays = t("page.weekdays", { returnObjects: true }) as unknown as string[];
  return (
    <MonthGrid
      className="stay-month"
      testId="stay-month"
      caption={
        <>
          {caption} · {formatMonth(month.month, locale)}
        </>
      }
      weekdays={weekdays}
      weeks={monthWeeks(month.offset, month.days)}
      renderDay={(cell) => (
        <td key={cell.date} className={`stay-night stay-night--${cell.state}`} data-night={cell.date} data-state={cell.state}>
          <span aria-hidden="true">{Number(cell.date.slice(8))}</span>
          <span className="visually-hidden">
            {formatLongDay(cell.date, locale)}: {t(`page.states.${cell.state}`)}
          </span>
        </td>
      )}
    />
  );
}

export function CalendarLegend() {
  const { t } = useTranslation("stays");
  return (
    <ul className="stay-legend">
      {(["free", "booked", "closed"] as const).map((state) => (
        <li key={state}>
          <span className={`stay-legend__swatch stay-night--${state}`} aria-hidden="true" />
          {t(`page.legend.${state}`)}
        </li>
      ))}
    </ul>
  );
}
