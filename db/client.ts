import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import {
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from "kysely";
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Database } from "~db/schema";

const INT8 = 20;
const DATE = 1082;

// Money sums and counts come back as int8. They are integers well inside 2^53, so hand
// them to the code as numbers, and fail loudly rather than round if one ever is not.
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is not a safe integer`);
  return n;
}
const keepDateString = (value: string) => value;

export type Notify = (channel: string, payload: string) => void;

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: "postgres" | "pglite";
  /** LISTEN on a channel; returns the function that stops listening. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** PGlite only: the whole database as a tarball, to start other instances from. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or "memory://" for an in-memory database. */
  pgliteDataDir?: string;
  poolSize?: number;
  /** PGlite only: a file written by dumpDataDir() to start from. */
  pgliteSnapshot?: string;
}

export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url
    ? createPostgres(options.url, options.poolSize ?? 10)
    : createPglite(options.pgliteDataDir ?? "memory://", options.pgliteSnapshot);
}

function createPostgres(url: string, poolSize: number): DatabaseHandle {
  pg.types.setTypeParser(INT8, parseInt8);
  pg.types.setTypeParser(DATE, keepDateString);
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", (error) => console.warn(`[db] idle client error: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  // One dedicated connection carries every LISTEN of this process.
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  async function listenerClient(): Promise<pg.Client> {
    if (listener) return listener;
    const client = new pg.Client({ connectionString: url });
    client.on("notification", (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? "");
    });
    client.on("error", (error) => {
      console.warn(`[db] listener connection lost: ${error.message}`);
      listener = null;
    });
    await client.connect();
    listener = client;
    return client;
  }

  return {
    db,
    kind: "postgres",
    async listen(channel, onMessage) {
      const client = await listenerClient();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onMessage);
      return async () => {
        set.delete(onMessage);
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel);
          await listener?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {});
        }
      };
    },
    async close() {
      await listener?.end().catch(() => {});
      await db.destroy();
    },
  };
}

async function createPglite(dataDir: string, snapshot?: string): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir: snapshot ? new Blob([readFileSync(snapshot)]) : undefined,
    // btree_gist: the bookings exclusion constraint (unit WITH =, stay_range WITH &&).
    extensions: { pg_trgm, btree_gist },
    parsers: { [INT8]: parseInt8, [DATE]: keepDateString },
  });
  const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) });
  return {
    db,
    kind: "pglite",
    async listen(channel, onMessage) {
      const unlisten = await pglite.listen(channel, onMessage);
      return () => unlisten();
    },
    dumpDataDir: () => pglite.dumpDataDir("gzip"),
    async close() {
      await db.destroy();
    },
  };
}

/**
 * PGlite is one connection. Kysely's PGlite driver hands that connection to every caller,
 * so two requests in flight would interleave: a plain query could run inside another
 * request's transaction. A mutex around acquire/release gives each query, or each whole
 * transaction, the connection to itself, which is what a pool does for PostgreSQL.
 */
class SerializedPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerializedDriver(super.createDriver());
  }
}

class SerializedDriver implements Driver {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;

  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = null;
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  savepoint(...args: Parameters<NonNullable<Driver["savepoint"]>>) {
    return this.inner.savepoint!(...args);
  }
  rollbackToSavepoint(...args: Parameters<NonNullable<Driver["rollbackToSavepoint"]>>) {
    return this.inner.rollbackToSavepoint!(...args);
  }
  releaseSavepoint(...args: Parameters<NonNullable<Driver["releaseSavepoint"]>>) {
    return this.inner.releaseSavepoint!(...args);
  }
  destroy() {
    return this.inner.destroy();
  }
}
