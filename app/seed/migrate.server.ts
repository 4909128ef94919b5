// `npm run db:migrate` (and `db:reset`, which passes --reset). Needs only DATABASE_URL, or
// nothing for the embedded database: it reads the database settings, never the app's.
import { DatabaseSettingsError, openDatabase } from "~db/open";
import { migrateDatabase } from "~/services/migrate.server";

try {
  const handle = await openDatabase();
  try {
    await migrateDatabase(handle.db, { reset: process.argv.includes("--reset") });
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error("db:migrate failed:", error instanceof DatabaseSettingsError ? error.message : error);
  process.exitCode = 1;
}
