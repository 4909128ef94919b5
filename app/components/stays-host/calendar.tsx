import { useTranslation } from "react-i18next";
import { MonthGrid, monthWeeks } from "~/components/stays/month-grid";
import { PickForm, StepNav } from "~/components/stays-host/ui";
import { weekday } from "~/utils/calendar-dates";
import { ScrollBox } from "~/components/scroll-box";

// A month of one unit's nights, as the host sees them: booked, held (awaiting payment), closed
// or free. Each state has its colour AND a pattern AND a word in the cell, and the legend says
// which is which, so nothing depends on seeing colour.

export type NightStateName = "free" | "closed" | "held" | "booked";

export interface CalendarUnit {
  id: number;
  name: string;
}

export const NIGHT_STATES: readonly NightStateName[] = ["free", "held", "booked", "closed"];

export function NightLegend() {
  const { t } = useTranslation("coopStays");
  return (
    <div className="stay-cal__legend">
      <h3 className="visually-hidden">{t("calendar.legend")}</h3>
      <ul aria-label={t("calendar.legend")}>
        {NIGHT_STATES.map((state) => (
          <li key={state}>
            <span className={`stay-cal__swatch stay-cal__night--${state}`} aria-hidden="true">
              {t(`calendar.short.${state}`)}
            </span>{" "}
            {t(`calendar.states.${state}`)}
          </li>
        ))}
        <li>
          <span className="stay-cal__swatch stay-cal__night--today" aria-hidden="true">
            {" "}
          </span>{" "}
          {t("calendar.today")}
        </li>
      </ul>
    </div>
  );
}

export function UnitCalendar({
  units,
  unitId,
  month,
  nights,
  basePath,
  today,
}: {
  today: string;
  units: readonly CalendarUnit[];
  unitId: number | null;
  month: string;
  nights: readonly { night: string; state: NightStateName }[];
  basePath: string;
}) {
  const { t } = useTranslation("coopStays");
  if (units.length === 0 || unitId === null) return <p>{t("calendar.noUnits")}</p>;
  const unit = units.find((u) => u.id === unitId) ?? units[0]!;
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const prev = mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, "0")}`;
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, "0")}`;
  const href = (m: string) => `${basePath}?unit=${unit.id}&month=${m}#calendar`;
  const weekdays = t("calendar.weekdays", { returnObjects: true }) as string[];
  return (
    <div className="stay-cal" data-testid="unit-calendar">
      <PickForm key={`${unit.id}-${month}`} action={basePath} preventScrollReset buttonText={t("calendar.show")}>
        <div className="field">
          <label htmlFor="cal-unit">{t("calendar.unit")}</label>
          <select id="cal-unit" name="unit" defaultValue={unit.id}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cal-month">{t("calendar.month")}</label>
          <input id="cal-month" name="month" type="month" defaultValue={month} />
        </div>
      </PickForm>
      <StepNav className="stay-cal__nav" label={t("calendar.month")} prev={{ to: href(prev), text: t("calendar.prev") }} next={{ to: href(next), text: t("calendar.next") }} />
      <NightLegend />
      <ScrollBox>
        <MonthGrid
          className="stay-cal__table"
          padClassName="stay-cal__pad"
          caption={t("calendar.caption", { unit: unit.name, month })}
          weekdays={weekdays}
          weeks={monthWeeks(nights.length > 0 ? (weekday(nights[0]!.night) + 6) % 7 : 0, nights)}
          renderDay={(cell) => (
            <td
              key={cell.night}
              className={`stay-cal__night stay-cal__night--${cell.state}${cell.night === today ? " stay-cal__night--today" : ""}`}
              data-night={cell.night}
              data-state={cell.state}
              aria-current={cell.night === today ? "date" : undefined}
            >
              <span className="stay-cal__day">{Number(cell.night.slice(8))}</span>
              <span className="stay-cal__word" aria-hidden="true">
                {t(`calendar.short.${cell.state}`)}
              </span>
              <span className="visually-hidden">{t(`calendar.states.${cell.state}`)}</span>
            </td>
          )}
        />
      </ScrollBox>
    </div>
  );
}
