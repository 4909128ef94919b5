import type { ReactNode } from "react";

// A month as a table of weeks, Monday first, with the weekday names over the columns: the grid
// of the host's calendar of a unit and of the stay page's calendars. Each calendar renders its
// own day cells (a <td> with its key); the days of the neighbouring months stay empty.

/** The weeks of a month: `offset` empty cells before the 1st, and empty cells after the last day to fill the week. */
export function monthWeeks<Day>(offset: number, days: readonly Day[]): (Day | null)[][] {
  const cells: (Day | null)[] = [...Array.from({ length: offset }, () => null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

export function MonthGrid<Day>({
  weeks,
  weekdays,
  caption,
  renderDay,
  className,
  testId,
  padClassName,
}: {
  weeks: (Day | null)[][];
  weekdays: readonly string[];
  caption: ReactNode;
  /** The <td> of a day, with its key. */
  renderDay: (day: Day) => ReactNode;
  className: string;
  testId?: string;
  padClassName?: string;
}) {
  return (
    <table className={className} data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {weekdays.map((day) => (
            <th key={day} scope="col">
              {day}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>{week.map((day, j) => (day ? renderDay(day) : <td key={`pad-${j}`} className={padClassName} />))}</tr>
        ))}
      </tbody>
    </table>
  );
}
