import { parseReportRange } from "~/schemas/staff-order-filters";
import { chinaToday } from "~/utils/dates";
import { getFixedT, getLocale } from "~/utils/i18n.server";

/** Three years, one leap day included. */
const EXPORT_MAX_DAYS = 1096;

type ReportCsv = {
  /** Names both the translated header keys (`csv.<kind>.<column>`) and the download file. */
  kind: "orders" | "shipments";
  columns: readonly string[];
  body: (range: { from: string; to: string }, header: readonly string[]) => ReadableStream<Uint8Array>;
};

/**
 * The ?from=&to= report range as a streamed CSV download, or a plain-text 400 naming what is
 * wrong with the range. The caller has already checked that the visitor is staff.
 */
export async function reportCsvResponse(request: Request, { kind, columns, body }: ReportCsv): Promise<Response> {
  const t = await getFixedT(await getLocale(request), "staff");
  const range = parseReportRange(new URL(request.url).searchParams, { today: chinaToday(), maxDays: EXPORT_MAX_DAYS });
  if (!range.ok) return new Response(t(range.error), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const header = columns.map((column) => t(`csv.${kind}.${column}`));
  return new Response(body(range, header), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${kind}-${range.from}-${range.to}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
