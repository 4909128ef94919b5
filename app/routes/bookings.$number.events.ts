import type { LoaderFunctionArgs } from "@remix-run/node";
import { bookingPageParams, bookingPageQuery } from "~/schemas/bookings.server";
import { bookingEventStreamResponse, bookingResumeState } from "~/services/booking-event-stream.server";
import { bookingForGuest } from "~/services/booking-guest.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

// Server-Sent Events of one booking's status and refunds, for its page to update in place.
// Same access rule as the page (the booking's link), same 404 otherwise.

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const params = bookingPageParams.safeParse(rawParams);
  if (!params.success) throw notFound();
  const query = bookingPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const booking = await bookingForGuest(db(), { number: params.data.number, token: query.success ? query.data.token : undefined });
  if (!booking) throw notFound();
  return bookingEventStreamResponse({ bookingId: booking.id, known: bookingResumeState(request), signal: request.signal });
}
