import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseReportRange } from "~/schemas/staff-order-filters";
import { SHIPMENT_CSV_COLUMNS, shipmentsCsv } from "~/models/report.server";
import { requireStaff } from "~/services/auth.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

const EXPORT_MAX_DAYS = 1096;

/** Shipments created in ?from=&to= as a streamed CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const t = await getFixedT(await getLocale(request), "staff");
  const range = parseReportRange(new URL(request.url).searchParams, { today: chinaToday(), maxDays: EXPORT_MAX_DAYS });
  if (!range.ok) return new Response(t(range.error), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const header = SHIPMENT_CSV_COLUMNS.map((column) => t(`csv.shipments.${column}`));
  return new Response(shipmentsCsv(db(), range, header), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="shipments-${range.from}-${range.to}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
