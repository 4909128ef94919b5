import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { latestOrderEventId, listOrderEventsAfter } from "~/models/order/events.server";
import { subscribeToOrderChanges } from "~/services/live-events.server";
import { db } from "~/utils/db.server";

/**
 * The Server-Sent Events stream of one order's timeline (`/orders/:number/events`).
 *
 * Order of operations, which is what makes it gap-free and duplicate-free:
 *  1. subscribe to the order's live changes (the LISTEN is in place when this returns);
 *  2. read the events after the resume point from the database and send them;
 *  3. on every wake-up, read again and send what has not been sent, by event id.
 * Anything committed after (1) wakes the stream; anything committed before it is read in
 * (2). An event whose id is lower than one already sent (two transactions committing out
 * of id order) is still sent, because the stream tracks the ids it sent rather than a
 * high-water mark.
 */

/** What a shopper's browser learns about a change: enough to react, nothing internal. */
export interface PublicOrderEvent {
  id: number;
  type: string;
  status: string | null;
  at: string;
  shipmentId?: number;
}

export const SSE_RETRY_MS = 3_000;
export const SSE_HEARTBEAT_MS = 15_000;
/** Streams are ended now and then so reconnecting browsers spread over the instances. */
export const SSE_MAX_LIFETIME_MS = 30 * 60_000;
/** The most events one read sends; a longer history is sent over several reads. */
const PAGE_SIZE = 200;

/** What the browser is sent of the events after `afterId`. */
async function publicEventsAfter(
  db: Kysely<Database>,
  { orderId, afterId, limit = PAGE_SIZE }: { orderId: number; afterId: number; limit?: number },
): Promise<PublicOrderEvent[]> {
  return (await listOrderEventsAfter(db, { orderId, afterId, limit })).map(toPublicEvent);
}

function toPublicEvent(row: { id: number | string; type: string; to_status: string | null; data: Record<string, unknown>; created_at: Date }): PublicOrderEvent {
  const event: PublicOrderEvent = { id: Number(row.id), type: row.type, status: row.to_status, at: new Date(row.created_at).toISOString() };
  const shipmentId = row.data?.shipmentId;
  if (typeof shipmentId === "number") event.shipmentId = shipmentId;
  return event;
}

/**
 * The resume point: the browser's `Last-Event-ID` (sent on reconnection) wins over the
 * `after` the page put in the stream's URL; with neither, the stream carries only what
 * happens from now on.
 */
export function resumePoint(request: Request): number | null {
  for (const raw of [request.headers.get("Last-Event-ID"), new URL(request.url).searchParams.get("after")]) {
    if (raw && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  }
  return null;
}

export interface OrderEventStreamOptions {
  orderId: number;
  /** Send events with an id above this one first; null = only what happens from now on. */
  after: number | null;
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  maxLifetimeMs?: number;
}

export function orderEventStreamResponse(options: OrderEventStreamOptions): Response {
  return new Response(orderEventStream(options), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and friends: pass each event through as it is written.
      "X-Accel-Buffering": "no",
    },
  });
}

export function orderEventStream(options: OrderEventStreamOptions): ReadableStream<Uint8Array> {
  const { orderId, signal } = options;
  const encoder = new TextEncoder();
  const sent = new Set<number>();
  let floor = 0;
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
      // already closed by the reader going away
    }
  }

  /** Sends every event above the floor that was not sent yet; coalesces wake-ups. */
  function sendNew(): Promise<void> {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        let after = floor;
        for (;;) {
          const events = await publicEventsAfter(db(), { orderId, afterId: after });
          if (closed) return;
          for (const event of events) {
            if (sent.has(event.id)) continue;
            sent.add(event.id);
            write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
          }
          const last = events.at(-1);
          if (!last || events.length < PAGE_SIZE) break;
          after = last.id;
        }
      } while (readAgain && !closed);
    })()
      .catch((error: unknown) => {
        // The browser reconnects (after `retry`) with Last-Event-ID and misses nothing.
        console.warn(`[sse] order ${orderId}: ${error instanceof Error ? error.message : String(error)}`);
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
        const stop = await subscribeToOrderChanges(orderId, () => void sendNew());
        if (closed) return stop();
        unsubscribe = stop;
        floor = options.after ?? (await latestOrderEventId(db(), { orderId }));
      } catch (error) {
        console.warn(`[sse] order ${orderId}: ${error instanceof Error ? error.message : String(error)}`);
        return close();
      }
      void sendNew();
      // A comment line now and then keeps proxies and the browser from deciding the stream died.
      timers.push(setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? SSE_HEARTBEAT_MS).unref());
      timers.push(setTimeout(close, options.maxLifetimeMs ?? SSE_MAX_LIFETIME_MS).unref());
    },
    cancel() {
      close();
    },
  });
}
