// `npm run worker`: the background jobs alone, without the web server (app instances run
// them too; every job is safe to run in several processes at once).
import { openDatabase } from "~db/open";
import { migrateToLatest } from "~db/migrate";
import { startBackgroundJobs } from "~/services/background.server";
import { installDatabase } from "~/utils/db.server";
import { ConfigError, getEnv } from "~/utils/env.server";
// Every module that registers a job is imported here for its side effect.
import "~/services/outbox-worker.server";
import "~/services/reservation-sweeper.server";
import "~/services/refunds.server";

async function main() {
  getEnv();
  const database = await openDatabase();
  await migrateToLatest(database.db);
  installDatabase(database);
  const stop = startBackgroundJobs();
  console.info(`[worker] background jobs running (database: ${database.kind})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[worker] ${signal}: finishing runs in flight`);
    await stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
