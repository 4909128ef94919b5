import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { latestOrderEventId, listOrderEventsAfter } from "~/models/order/events.server";
import { subscribeToOrderChanges } from "~/services/live-events.server";
import { db } from "~/utils/db.server";
import { eventStreamResponse, liveEventStream } from "~/utils/event-stream.server";

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
  return eventStreamResponse(orderEventStream(options));
}

export function orderEventStream(options: OrderEventStreamOptions): ReadableStream<Uint8Array> {
  const { orderId } = options;
  const sent = new Set<number>();
  let floor = 0;
  return liveEventStream(
    {
      label: `order ${orderId}`,
      subscribe: (wake) => subscribeToOrderChanges(orderId, wake),
      async init() {
        floor = options.after ?? (await latestOrderEventId(db(), { orderId }));
      },
      /** Sends every event above the floor that was not sent yet. */
      async read(write, closed) {
        let after = floor;
        for (;;) {
          const events = await publicEventsAfter(db(), { orderId, afterId: after });
          if (closed()) return;
          for (const event of events) {
            if (sent.has(event.id)) continue;
            sent.add(event.id);
            write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
          }
          const last = events.at(-1);
          if (!last || events.length < PAGE_SIZE) break;
          after = last.id;
        }
      },
    },
    options,
  );
}
