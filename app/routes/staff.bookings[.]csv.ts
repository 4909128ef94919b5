import type { LoaderFunctionArgs } from "@remix-run/node";
import { BOOKING_CSV_COLUMNS, bookingsCsv } from "~/models/booking-report.server";
import { bookingListParams } from "~/schemas/staff-booking-filters";
import { requireStaff } from "~/services/auth.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

/** The bookings the list shows for the same filters (all pages), as a streamed CSV download. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const params = bookingListParams(new URL(request.url).searchParams);
  const t = await getFixedT(await getLocale(request), "staffBookings");
  const header = BOOKING_CSV_COLUMNS.map((column) => t(`csv.${column}`));
  const body = bookingsCsv(db(), { status: params.status, kind: params.kind, cooperative: params.coop, from: params.from, to: params.to, q: params.q }, header);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bookings-${chinaToday()}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
