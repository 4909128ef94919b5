// `npm run worker`: the background jobs alone, without the web server (app instances run
// them too; every job is safe to run in several processes at once). It runs every job of
// the registry whatever BACKGROUND_JOBS says: that switch is for app instances, so that a
// deployment can leave the jobs to this process. `npm run worker -- --once` runs each job
// once and exits (non-zero if any failed), for a scheduler instead of a resident process.
import { openDatabase } from "~db/open";
import { runBackgroundJobsOnce, startBackgroundJobs } from "~/services/background.server";
import { backgroundJobs } from "~/services/jobs.server";
import { migrateDatabase } from "~/services/migrate.server";
import { installDatabase } from "~/utils/db.server";
import { ConfigError, getEnv } from "~/utils/env.server";

async function main() {
  getEnv();
  const database = await openDatabase();
  await migrateDatabase(database.db);
  installDatabase(database);
  if (process.argv.includes("--once")) {
    const results = await runBackgroundJobsOnce(backgroundJobs);
    await database.close();
    console.info(`[worker] ran ${results.map((result) => result.name).join(", ")} once`);
    process.exit(results.some((result) => "error" in result) ? 1 : 0);
  }
  const stop = startBackgroundJobs(backgroundJobs);
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
