import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { DatabaseHandle } from "~db/client";
import { ORDER_CHANNEL } from "~/models/order/events.server";
import { database } from "~/utils/db.server";

/**
 * Live order changes, fanned out inside this process.
 *
 * Every order change is announced with `NOTIFY order_changes` in the transaction that makes
 * it (appendOrderEvent), so listeners hear of it only once it is committed, on whichever app
 * instance it happened. This process holds ONE `LISTEN` on that channel (PostgreSQL: on the
 * dedicated listener connection of db/client.ts; PGlite: in process) and hands each
 * notification to the subscribers of that order, so a thousand open order pages cost one
 * database connection, not a thousand.
 *
 * A notification is a wake-up, not the data: subscribers read the order's events from the
 * database. When the listener may have missed notifications (it was reconnected), every
 * subscriber gets a `resync` wake-up and reads what it missed.
 */

export type OrderChange =
  | { kind: "event"; orderId: number; eventId: number }
  /** Notifications may have been lost (the listener was reconnected): read from the database again. */
  | { kind: "resync"; orderId: number };

export type OrderChangeSubscriber = (change: OrderChange) => void;

/**
 * Bookings share the channel: a trigger on bookings and booking_refunds notifies
 * `{"bookingId": …}` (migration 2026_12_03_0011). A wake-up only: the stream reads the booking.
 */
export type BookingChange = { kind: "changed" | "resync"; bookingId: number };
export type BookingChangeSubscriber = (change: BookingChange) => void;

const bookingNotificationSchema = z.object({ bookingId: z.number().int().positive() });

const notificationSchema = z.object({ orderId: z.number().int().positive(), eventId: z.number().int().positive() });

/** The listener proves it still hears the database by notifying itself on this channel. */
const PROBE_CHANNEL = `${ORDER_CHANNEL}_probe`;

export interface LiveEventTimings {
  /** How often (PostgreSQL) the listener checks that it still receives notifications. */
  probeEveryMs: number;
  /** How long a probe may take to come back before the listener is considered lost. */
  probeTimeoutMs: number;
  /** Wait before retrying a failed LISTEN; doubles up to `retryMaxMs`. */
  retryMinMs: number;
  retryMaxMs: number;
}

const DEFAULT_TIMINGS: LiveEventTimings = { probeEveryMs: 10_000, probeTimeoutMs: 5_000, retryMinMs: 500, retryMaxMs: 15_000 };

/** What each kind of live resource's subscribers are handed. */
interface LiveChanges {
  order: OrderChange;
  booking: BookingChange;
}
type LiveKind = keyof LiveChanges;
type Subscriber<K extends LiveKind> = (change: LiveChanges[K]) => void;

class OrderChangeHub {
  /** Subscribers by kind, then by the order's or booking's id. */
  readonly subscribers: { [K in LiveKind]: Map<number, Set<Subscriber<K>>> } = { order: new Map(), booking: new Map() };
  timings: LiveEventTimings = { ...DEFAULT_TIMINGS };

  /** The database handle the LISTEN belongs to; a new handle (a test file) means listen again. */
  private handle: DatabaseHandle | null = null;
  private stopListening: Array<() => Promise<void>> = [];
  private connecting: Promise<boolean> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 0;
  private probeTimer: NodeJS.Timeout | null = null;
  private pendingProbes = new Map<string, () => void>();
  private generation = 0;

  async subscribe<K extends LiveKind>(kind: K, id: number, subscriber: Subscriber<K>): Promise<() => void> {
    const byId: Map<number, Set<Subscriber<K>>> = this.subscribers[kind];
    let set = byId.get(id);
    if (!set) {
      set = new Set();
      byId.set(id, set);
    }
    set.add(subscriber);
    // Once this resolves the LISTEN is in place: anything committed from now on is heard.
    // If the database cannot be reached the subscriber stays registered and is resynced
    // when the listener comes back.
    await this.ensureListening();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(subscriber);
      if (set.size === 0 && byId.get(id) === set) byId.delete(id);
    };
  }

  subscriberCount(kind: LiveKind, id?: number): number {
    const byId = this.subscribers[kind];
    if (id !== undefined) return byId.get(id)?.size ?? 0;
    let total = 0;
    for (const set of byId.values()) total += set.size;
    return total;
  }

  /** True once a LISTEN is in place on the current database. */
  async ensureListening(): Promise<boolean> {
    const current = database();
    if (this.handle === current && this.stopListening.length > 0) return true;
    if (this.handle !== current) this.reset();
    this.connecting ??= this.connect(current).finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(handle: DatabaseHandle): Promise<boolean> {
    const generation = this.generation;
    try {
      const stops: Array<() => Promise<void>> = [];
      try {
        stops.push(await handle.listen(ORDER_CHANNEL, (payload) => this.dispatch(payload)));
        stops.push(await handle.listen(PROBE_CHANNEL, (payload) => this.pendingProbes.get(payload)?.()));
      } catch (error) {
        await Promise.allSettled(stops.map((stop) => withTimeout(stop(), 2_000)));
        throw error;
      }
      if (generation !== this.generation) {
        // Reset while connecting (a different database was installed): this LISTEN is stale.
        await Promise.allSettled(stops.map((stop) => withTimeout(stop(), 2_000)));
        return false;
      }
      this.handle = handle;
      this.stopListening = stops;
      this.retryDelayMs = 0;
      if (handle.kind === "postgres") this.scheduleProbe();
      return true;
    } catch (error) {
      if (generation !== this.generation) return false;
      this.handle = handle;
      console.warn(`[live-events] LISTEN failed: ${error instanceof Error ? error.message : String(error)}`);
      this.scheduleReconnect();
      return false;
    }
  }

  private dispatch(payload: string): void {
    let parsed: z.infer<typeof notificationSchema>;
    try {
      const raw: unknown = JSON.parse(payload);
      const booking = bookingNotificationSchema.safeParse(raw);
      if (booking.success) return this.deliver("booking", booking.data.bookingId, { kind: "changed", bookingId: booking.data.bookingId });
      const result = notificationSchema.safeParse(raw);
      if (!result.success) return;
      parsed = result.data;
    } catch {
      return;
    }
    this.deliver("order", parsed.orderId, { kind: "event", orderId: parsed.orderId, eventId: parsed.eventId });
  }

  private deliver<K extends LiveKind>(kind: K, id: number, change: LiveChanges[K]): void {
    const byId: Map<number, Set<Subscriber<K>>> = this.subscribers[kind];
    for (const subscriber of [...(byId.get(id) ?? [])]) {
      try {
        subscriber(change);
      } catch (error) {
        console.warn(`[live-events] subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private resyncEveryone(): void {
    for (const orderId of [...this.subscribers.order.keys()]) this.deliver("order", orderId, { kind: "resync", orderId });
    for (const bookingId of [...this.subscribers.booking.keys()]) this.deliver("booking", bookingId, { kind: "resync", bookingId });
  }

  /**
   * PostgreSQL only. The listener connection can die quietly (server restart, failover,
   * an idle connection killed by a proxy). Notifying ourselves proves it still hears; when
   * the probe does not come back, listen again on a fresh connection and resync everyone.
   */
  private scheduleProbe(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    const generation = this.generation;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe(generation);
    }, this.timings.probeEveryMs);
    this.probeTimer.unref();
  }

  private async probe(generation: number): Promise<void> {
    const handle = this.handle;
    if (!handle || generation !== this.generation) return;
    const token = randomUUID();
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.timings.probeTimeoutMs);
      timer.unref();
      this.pendingProbes.set(token, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      await withTimeout(sql`SELECT pg_notify(${PROBE_CHANNEL}, ${token})`.execute(handle.db), this.timings.probeTimeoutMs);
    } catch {
      // The database itself is unreachable; the probe will time out and we reconnect.
    }
    const ok = await heard;
    this.pendingProbes.delete(token);
    if (generation !== this.generation) return;
    if (ok) {
      this.scheduleProbe();
      return;
    }
    console.warn("[live-events] the listener stopped hearing notifications; listening again");
    await this.relisten();
  }

  private async relisten(): Promise<void> {
    const stops = this.stopListening;
    this.stopListening = [];
    // Unlistening on a dead connection can hang: do not wait for it for long.
    await Promise.allSettled(stops.map((stop) => withTimeout(stop(), 2_000)));
    if (await this.ensureListening()) this.resyncEveryone();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer) return;
    this.retryDelayMs = Math.min(this.timings.retryMaxMs, Math.max(this.timings.retryMinMs, this.retryDelayMs * 2));
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation !== this.generation) return;
      void this.ensureListening().then((ok) => {
        if (ok) this.resyncEveryone();
      });
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }

  /** Forgets the LISTEN (not the subscribers): used when the database handle changes. */
  reset(): void {
    this.generation += 1;
    const stops = this.stopListening;
    this.stopListening = [];
    this.handle = null;
    this.connecting = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.retryTimer = null;
    this.probeTimer = null;
    this.retryDelayMs = 0;
    this.pendingProbes.clear();
    for (const stop of stops) void withTimeout(stop(), 2_000).catch(() => {});
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// One hub per process, on globalThis like the database: every copy of this module (the
// server bundle, a test's module graph) shares the one LISTEN.
const slot = globalThis as typeof globalThis & { __shanshuiLiveChangeHub?: OrderChangeHub };
function hub(): OrderChangeHub {
  slot.__shanshuiLiveChangeHub ??= new OrderChangeHub();
  return slot.__shanshuiLiveChangeHub;
}

/**
 * Calls `subscriber` for every committed change of the order, whichever instance made it.
 * Resolves once the LISTEN is in place, so a caller that subscribes BEFORE reading the
 * order's events from the database misses nothing. Returns the function that unsubscribes.
 */
export function subscribeToOrderChanges(orderId: number, subscriber: OrderChangeSubscriber): Promise<() => void> {
  return hub().subscribe("order", orderId, subscriber);
}

/** Calls `subscriber` for every committed change of the booking (status, refunds); same guarantees as orders. */
export function subscribeToBookingChanges(bookingId: number, subscriber: BookingChangeSubscriber): Promise<() => void> {
  return hub().subscribe("booking", bookingId, subscriber);
}

export function liveBookingSubscriberCount(bookingId?: number): number {
  return hub().subscriberCount("booking", bookingId);
}

/** Open subscriptions (for one order, or in all): for tests and diagnostics. */
export function liveSubscriberCount(orderId?: number): number {
  return hub().subscriberCount("order", orderId);
}

/** Starts the process's LISTEN ahead of the first subscriber (at server start). */
export function startLiveEvents(): Promise<boolean> {
  return hub().ensureListening();
}

/** Tests shorten the probe and retry intervals to exercise reconnection quickly. */
export function setLiveEventTimings(timings: Partial<LiveEventTimings>): void {
  hub().timings = { ...hub().timings, ...timings };
}

/** Drops the LISTEN and its timers (subscribers stay); the next subscription listens again. */
export function stopLiveEvents(): void {
  hub().reset();
}
