import { sql, type Kysely } from "kysely";
import { Migrator, type MigrationResultSet } from "kysely/migration";
import { migrations } from "~db/migrations/index";

/**
 * Applies every pending migration. Rows a migration leaves without an app-built search
 * document are refreshed by the app's `migrateDatabase` (app/services/migrate.server.ts),
 * which every start-up and `npm run db:migrate` go through.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  report(await migrator.migrateToLatest());
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
