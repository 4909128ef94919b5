import type { LoaderFunctionArgs } from "@remix-run/node";
import { ORDER_CSV_COLUMNS, ordersCsv } from "~/models/report.server";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { reportCsvResponse } from "~/utils/report-csv.server";

/** Orders placed in ?from=&to= as a streamed CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return reportCsvResponse(request, { kind: "orders", columns: ORDER_CSV_COLUMNS, body: (range, header) => ordersCsv(db(), range, header) });
}
