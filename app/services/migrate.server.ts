import type { Kysely } from "kysely";
import { migrateToLatest, resetDatabase } from "~db/migrate";
import type { Database } from "~db/schema";
import { refreshStaleSearchDocuments } from "~/models/search-documents.server";

/**
 * Migrates to the latest schema, then builds the search documents a migration could not:
 * they are segmented by the app, which migrations never import, so rows a migration left
 * without one (or with one an older dictionary built) are rebuilt here, after every migrate.
 */
export async function migrateDatabase(db: Kysely<Database>, { reset = false }: { reset?: boolean } = {}): Promise<void> {
  if (reset) await resetDatabase(db);
  await migrateToLatest(db);
  await refreshStaleSearchDocuments(db);
}
