import { sql, type Kysely } from "kysely";
import { pathToFileURL } from "node:url";
import { chinaToday } from "~/utils/dates";
import type { Database } from "~db/schema";
import { seedDemo, type DemoSummary } from "~/seed/demo.server";

// Any constant works, as long as only the seed takes it: two servers starting at once
// on an empty PostgreSQL must not both seed.
const SEED_LOCK = 726_583_001;

/**
 * Seeds the demo catalogue and accounts, in one transaction, when the database holds no
 * cooperatives yet. Returns whether it seeded.
 */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  return (await seedDemoWithSummary(db)) !== null;
}

async function seedDemoWithSummary(db: Kysely<Database>): Promise<DemoSummary | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const existing = await trx.selectFrom("cooperatives").select("id").limit(1).executeTakeFirst();
    if (existing) return null;
    return seedDemo(trx, chinaToday());
  });
}

// `npm run db:seed [-- --products N]`. The file-name test matters: bundled into the
// server, this module shares build/index.js with the entry point, so the URL comparison
// alone would be true there too.
const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  /\/app\/seed\/seed\.server\.[cm]?[jt]s$/.test(import.meta.url);

if (invokedDirectly) {
  const { runSeedCli } = await import("~/seed/cli.server");
  process.exitCode = await runSeedCli(process.argv.slice(2), seedDemoWithSummary);
}
