import type { Key, ReactNode } from "react";
import { ScrollBox } from "~/components/scroll-box";

/** One column of a `DataTable`: its header and what a row shows in it. */
export interface DataColumn<Row> {
  header: ReactNode;
  /** A column of figures: header and cells carry the `num` class. */
  num?: boolean;
  cell: (row: Row) => ReactNode;
  /** A cell's class where it depends on the row (instead of `num`). */
  cellClass?: (row: Row) => string | undefined;
}

/**
 * A plain table of rows, one column a `DataColumn`: the header row, then a row per item,
 * inside a scrolling box (`wrapClassName`, or none with `null`). With `empty`, an empty
 * list shows that instead of the table.
 */
export function DataTable<Row>({
  rows,
  rowKey,
  rowId,
  columns,
  empty,
  caption,
  testId,
  className = "table",
  wrapClassName = "table-scroll",
}: {
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  /** An `id` for a row, for links that come back to it. */
  rowId?: (row: Row) => string;
  columns: readonly (DataColumn<Row> | false | null)[];
  empty?: ReactNode;
  caption?: ReactNode;
  testId?: string;
  className?: string;
  wrapClassName?: string | null;
}) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const shown = columns.filter((column): column is DataColumn<Row> => Boolean(column));
  const table = (
    <table className={className} data-testid={testId}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {shown.map((column, index) => (
            <th key={index} scope="col" className={column.num ? "num" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} id={rowId?.(row)}>
            {shown.map((column, index) => (
              <td key={index} className={column.cellClass ? column.cellClass(row) : column.num ? "num" : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrapClassName ? <ScrollBox className={wrapClassName}>{table}</ScrollBox> : table;
}
