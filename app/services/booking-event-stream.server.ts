import { bookingLiveState } from "~/models/booking-guest.server";
import { subscribeToBookingChanges } from "~/services/live-events.server";
import { SSE_HEARTBEAT_MS, SSE_MAX_LIFETIME_MS, SSE_RETRY_MS } from "~/services/order-event-stream.server";
import { db } from "~/utils/db.server";

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
  return new Response(bookingEventStream(options), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}

export function bookingEventStream(options: BookingEventStreamOptions): ReadableStream<Uint8Array> {
  const { bookingId, signal } = options;
  const encoder = new TextEncoder();
  let last = options.known;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  const timers: NodeJS.Timeout[] = [];
  let reading: Promise<void> | null = null;
  let readAgain = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

  function write(text: string) {
    if (closed || !controllerRef) return;
    try {
      controllerRef.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  }

  function close() {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    unsubscribe = null;
    for (const timer of timers) clearTimeout(timer);
    signal.removeEventListener("abort", close);
    try {
      controllerRef?.close();
    } catch {
      // already closed
    }
  }

  function sendIfChanged(): Promise<void> {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        const current = await bookingLiveState(db(), { bookingId });
        if (closed || !current) return;
        if (current.state !== last) {
          last = current.state;
          write(`id: ${current.state}\ndata: ${JSON.stringify({ status: current.status, state: current.state })}\n\n`);
        }
      } while (readAgain && !closed);
    })()
      .catch((error: unknown) => {
        console.warn(`[sse] booking ${bookingId}: ${error instanceof Error ? error.message : String(error)}`);
        close();
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controllerRef = controller;
      if (signal.aborted) return close();
      signal.addEventListener("abort", close);
      write(`retry: ${options.retryMs ?? SSE_RETRY_MS}\n: connected\n\n`);
      try {
        const stop = await subscribeToBookingChanges(bookingId, () => void sendIfChanged());
        if (closed) return stop();
        unsubscribe = stop;
        // Without a known state, the stream carries only what happens from now on.
        if (last === null) last = (await bookingLiveState(db(), { bookingId }))?.state ?? null;
      } catch (error) {
        console.warn(`[sse] booking ${bookingId}: ${error instanceof Error ? error.message : String(error)}`);
        return close();
      }
      void sendIfChanged();
      timers.push(setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? SSE_HEARTBEAT_MS).unref());
      timers.push(setTimeout(close, options.maxLifetimeMs ?? SSE_MAX_LIFETIME_MS).unref());
    },
    cancel() {
      close();
    },
  });
}
