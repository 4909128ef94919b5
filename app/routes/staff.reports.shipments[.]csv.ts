import type { LoaderFunctionArgs } from "@remix-run/node";
import { SHIPMENT_CSV_COLUMNS, shipmentsCsv } from "~/models/report.server";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { reportCsvResponse } from "~/utils/report-csv.server";

/** Shipments created in ?from=&to= as a streamed CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return reportCsvResponse(request, { kind: "shipments", columns: SHIPMENT_CSV_COLUMNS, body: (range, header) => shipmentsCsv(db(), range, header) });
}
