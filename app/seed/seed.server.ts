import { sql, type Kysely } from "kysely";
import { pathToFileURL } from "node:url";
import { chinaToday } from "~/utils/dates";
import type { Database } from "~db/schema";
import { seedDemo, type DemoSummary } from "~/seed/demo.server";
import { seedDemoMoney } from "~/seed/money.server";
import { seedDemoStays } from "~/seed/stays.server";

// Any constant works, as long as only the seed takes it: two servers starting at once
// on an empty PostgreSQL must not both seed.
const SEED_LOCK = 726_583_001;

/**
 * Seeds the demo catalogue and accounts, in one transaction, when the database holds no
 * cooperatives yet. Returns whether it seeded. With `money`, the money story (orders,
 * statements, a payout, households, a distribution) and the demo stays come with it: the server
 * and `npm run db:seed` ask for it; the integration tests' template database does not, since its
 * tests count orders, ledger entries and listings from an empty shop (tests that want the story
 * call seedDemoMoney or seedDemoStays themselves).
 */
export async function seedDemoIfEmpty(db: Kysely<Database>, { money }: { money: boolean }): Promise<boolean> {
  return (await seedDemoWithSummary(db, { money })) !== null;
}

async function seedDemoWithSummary(db: Kysely<Database>, { money }: { money: boolean }): Promise<DemoSummary | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const existing = await trx.selectFrom("cooperatives").select("id").limit(1).executeTakeFirst();
    if (existing) return null;
    const today = chinaToday();
    const summary = await seedDemo(trx, today);
    if (money) {
      await seedDemoMoney(trx, today);
      await seedDemoStays(trx, today);
    }
    return summary;
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
  process.exitCode = await runSeedCli(process.argv.slice(2), (db) => seedDemoWithSummary(db, { money: true }));
}
