import { sql, type Kysely } from "kysely";
import { Migrator, type MigrationResultSet } from "kysely/migration";
import { refreshStaleSearchDocuments } from "~/models/search-documents.server";
import { migrations } from "~db/migrations/index";

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  report(await migrator.migrateToLatest());
  // Search documents are segmented by the app, which a migration cannot import: rows a migration
  // left without one (or an older dictionary built) are built here, after every migrate.
  await refreshStaleSearchDocuments(db);
}

/** Drops everything: development and tests only. */
export async function resetDatabase(db: Kysely<any>): Promise<void> {
  await sql`DROP SCHEMA public CASCADE`.execute(db);
  await sql`CREATE SCHEMA public`.execute(db);
}

function report({ error, results }: MigrationResultSet): void {
  for (const result of results ?? []) {
    if (result.status === "Error") console.error(`[migrate] ${result.migrationName} failed`);
    else if (result.status === "Success") console.info(`[migrate] applied ${result.migrationName}`);
  }
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

// `npm run db:migrate` (and `db:reset`, which passes --reset). Inside the server bundle
// import.meta.url is build/index.js, which is also argv[1]: the file name check keeps this
// block to the CLI.
if (import.meta.url === `file://${process.argv[1]}` && /\/db\/migrate\.[cm]?[jt]s$/.test(import.meta.url)) {
  const { openDatabase } = await import("~db/open");
  const handle = await openDatabase();
  try {
    if (process.argv.includes("--reset")) await resetDatabase(handle.db);
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}
