import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { db } from "~/utils/db.server";
import { coalesce } from "~/utils/http-cache.server";

// The catalogue version (a sequence every write to a table a public page shows bumps) and what
// is remembered per version: the ETags of public pages and the whole-catalogue computations of
// the catalogue models (see utils/http-cache.server.ts for the caching built on it).

interface VersionReaders {
  version: () => Promise<number>;
  settled: () => Promise<boolean>;
}

const readers = new WeakMap<Kysely<Database>, VersionReaders>();

function versionReaders(database: Kysely<Database>): VersionReaders {
  let found = readers.get(database);
  if (!found) {
    found = {
      version: coalesce(async () => {
        const { rows } = await sql<{ version: string | number }>`
          SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS version FROM catalogue_version_seq`.execute(database);
        return Number(rows[0]?.version ?? 0);
      }),
      settled: coalesce(async () => {
        const { rows } = await sql<{ settled: boolean }>`
          SELECT NOT EXISTS (
            SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
          ) AS settled`.execute(database);
        return rows[0]?.settled === true;
      }),
    };
    readers.set(database, found);
  }
  return found;
}

/** The catalogue version: changes with every write to a table a public catalogue page shows. */
export function readCatalogueVersion(database: Kysely<Database> = db()): Promise<number> {
  return versionReaders(database).version();
}

/**
 * Whether a version read just now describes committed data. The sequence is not transactional:
 * a writer bumps it in its trigger and commits a little later, so a page rendered in between
 * would carry the new version with the old data, and keep being confirmed by 304s. No
 * transaction holding a transaction id (every writer) means every bump read so far has
 * committed. Call it after reading the version and before the page's queries.
 *
 * pg_stat_activity shows other sessions' transaction ids to the same role (or pg_read_all_stats):
 * the app and its workers connect as one role.
 */
export function catalogueWritesSettled(database: Kysely<Database> = db()): Promise<boolean> {
  return versionReaders(database).settled();
}

/**
 * Remembers what a query of the whole catalogue computed (counts per category, the total of a
 * search) for as long as the catalogue version stays the same: one computation per version
 * instead of one per request. A value is only kept when no write was in flight as it was
 * computed (see catalogueWritesSettled), so it never outlives a change it did not see.
 * Concurrent callers share one computation; a few hundred keys at most are kept.
 */
export function catalogueMemo<T>({ maxEntries = 500 } = {}) {
  const states = new WeakMap<Kysely<Database>, { version: number; entries: Map<string, Promise<T>> }>();
  return async function remember(database: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
    const version = await readCatalogueVersion(database);
    let state = states.get(database);
    if (state && version < state.version) return compute(); // read before a newer caller's: not worth keeping
    if (!state || state.version !== version) {
      state = { version, entries: new Map() };
      states.set(database, state);
    }
    const entries = state.entries;
    const known = entries.get(key);
    if (known) return known;
    // Entered before anything is awaited, so callers arriving together share one computation.
    // The check comes first (see catalogueWritesSettled); a value computed while a write was in
    // flight is forgotten once done.
    const computing: Promise<T> = catalogueWritesSettled(database).then(async (settled) => {
      const value = await compute();
      if (!settled && entries.get(key) === computing) entries.delete(key);
      return value;
    });
    entries.set(key, computing);
    computing.catch(() => entries.delete(key));
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return computing;
  };
}