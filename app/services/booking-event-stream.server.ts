import { bookingLiveState } from "~/models/booking-guest.server";
import { subscribeToBookingChanges } from "~/services/live-events.server";
import { db } from "~/utils/db.server";
import { eventStreamResponse, liveEventStream } from "~/utils/event-stream.server";

/**
 * The Server-Sent Events stream of one booking (`/bookings/:number/events`). A booking has no
 * event log: what its page shows that can change by itself is its status and its refunds, so
 * the stream sends the booking's state fingerprint whenever it differs from the last one the
 * browser has (the page's, or the `Last-Event-ID` after a reconnection). As for orders: it
 * subscribes first, then reads, so nothing committed in between is missed; the browser then
 * reloads the page's data.
 */

const STATE_PATTERN = /^[a-z_]{1,20}(-\d{1,15}){4}$/;

/** What the browser already has: `Last-Event-ID` wins over the page's `?state=`. */
export function bookingResumeState(request: Request): string | null {
  for (const raw of [request.headers.get("Last-Event-ID"), new URL(request.url).searchParams.get("state")]) {
    if (raw && STATE_PATTERN.test(raw.trim())) return raw.trim();
  }
  return null;
}

export interface BookingEventStreamOptions {
  bookingId: number;
  known: string | null;
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  maxLifetimeMs?: number;
}

export function bookingEventStreamResponse(options: BookingEventStreamOptions): Response {
  return eventStreamResponse(bookingEventStream(options));
}

export function bookingEventStream(options: BookingEventStreamOptions): ReadableStream<Uint8Array> {
  const { bookingId } = options;
  let last = options.known;
  return liveEventStream(
    {
      label: `booking ${bookingId}`,
      subscribe: (wake) => subscribeToBookingChanges(bookingId, wake),
      async init() {
        // Without a known state, the stream carries only what happens from now on.
        if (last === null) last = (await bookingLiveState(db(), { bookingId }))?.state ?? null;
      },
      async read(write, closed) {
        const current = await bookingLiveState(db(), { bookingId });
        if (closed() || !current) return;
        if (current.state !== last) {
          last = current.state;
          write(`id: ${current.state}\ndata: ${JSON.stringify({ status: current.status, state: current.state })}\n\n`);
        }
      },
    },
    options,
  );
}
