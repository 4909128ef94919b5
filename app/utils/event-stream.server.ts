/**
 * One Server-Sent Events stream of a live resource (an order's timeline, a booking's state).
 *
 * Order of operations, which is what makes it gap-free:
 *  1. subscribe to the resource's live changes (the LISTEN is in place when this returns);
 *  2. settle the resume point (`init`), then read from the database and send (`read`);
 *  3. on every wake-up, read again; wake-ups during a read are coalesced into one more read.
 * Anything committed after (1) wakes the stream; anything committed before it is read in (2).
 * A comment line now and then keeps proxies and the browser from deciding the stream died, and
 * streams are ended now and then so reconnecting browsers spread over the instances.
 */

export const SSE_RETRY_MS = 3_000;
export const SSE_HEARTBEAT_MS = 15_000;
/** Streams are ended now and then so reconnecting browsers spread over the instances. */
export const SSE_MAX_LIFETIME_MS = 30 * 60_000;

export interface EventStreamTimings {
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  maxLifetimeMs?: number;
}

export interface EventStreamSource {
  /** Names the stream in warnings, e.g. `order 12`. */
  label: string;
  /** Subscribes `wake` to the resource's changes; resolves once listening, with the unsubscribe. */
  subscribe(wake: () => void): Promise<() => void>;
  /** Runs once subscribed, before the first read: settle what the browser already has. */
  init?(): Promise<void>;
  /** Reads the database and writes what the browser lacks; stops early once `closed()`. */
  read(write: (text: string) => void, closed: () => boolean): Promise<void>;
}

export function eventStreamResponse(body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      // nginx and friends: pass each event through as it is written.
      "X-Accel-Buffering": "no",
    },
  });
}

export function liveEventStream(source: EventStreamSource, options: EventStreamTimings): ReadableStream<Uint8Array> {
  const { signal } = options;
  const encoder = new TextEncoder();
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  const timers: NodeJS.Timeout[] = [];
  let reading: Promise<void> | null = null;
  let readAgain = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  const isClosed = () => closed;

  function warn(error: unknown) {
    console.warn(`[sse] ${source.label}: ${error instanceof Error ? error.message : String(error)}`);
  }

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

  /** Reads and sends; a wake-up during a read asks for one more read. */
  function sendNew(): Promise<void> {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      do {
        readAgain = false;
        await source.read(write, isClosed);
        if (closed) return;
      } while (readAgain && !closed);
    })()
      .catch((error: unknown) => {
        // The browser reconnects (after `retry`) with Last-Event-ID and misses nothing.
        warn(error);
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
        const stop = await source.subscribe(() => void sendNew());
        if (closed) return stop();
        unsubscribe = stop;
        await source.init?.();
      } catch (error) {
        warn(error);
        return close();
      }
      void sendNew();
      timers.push(setInterval(() => write(": heartbeat\n\n"), options.heartbeatMs ?? SSE_HEARTBEAT_MS).unref());
      timers.push(setTimeout(close, options.maxLifetimeMs ?? SSE_MAX_LIFETIME_MS).unref());
    },
    cancel() {
      close();
    },
  });
}
