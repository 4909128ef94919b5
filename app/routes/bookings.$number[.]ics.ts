import type { LoaderFunctionArgs } from "@remix-run/node";
import { bookingPageParams, bookingPageQuery } from "~/schemas/bookings.server";
import { bookingCalendarFile } from "~/services/booking-guest.server";
import { db } from "~/utils/db.server";
import { getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";

// The booking as an iCalendar file ("Add to calendar"): the same link check as the page, the
// same 404 without it. The file's UID is the booking number, so a later download replaces the
// event in the guest's calendar instead of adding a second one.

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const params = bookingPageParams.safeParse(rawParams);
  if (!params.success) throw notFound();
  const query = bookingPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const file = await bookingCalendarFile(db(), { number: params.data.number, token: query.success ? query.data.token : undefined, locale: await getLocale(request) });
  if (!file) throw notFound();
  return new Response(file.ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "same-origin",
      "X-Robots-Tag": "noindex",
    },
  });
}
