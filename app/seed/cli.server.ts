import type { Kysely } from "kysely";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "~db/open";
import type { Database } from "~db/schema";
import type { DemoSummary } from "~/seed/demo.server";
import { growCatalogue } from "~/seed/grow.server";
import { migrateDatabase } from "~/services/migrate.server";

// `npm run db:seed`: migrate, seed the demo when the database is empty, and with
// `-- --products N` add N generated products for benchmarks.

const argsSchema = z.object({
  products: z.coerce
    .number({ error: "--products must be a whole number" })
    .int("--products must be a whole number")
    .min(1, "--products must be at least 1")
    .max(5_000_000, "--products must be at most 5000000")
    .optional(),
});

export function parseSeedArgs(argv: string[]): { products?: number } | { error: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: { products: { type: "string" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  return parsed.data;
}

export async function runSeedCli(
  argv: string[],
  seedDemo: (db: Kysely<Database>) => Promise<DemoSummary | null>,
): Promise<number> {
  const args = parseSeedArgs(argv);
  if ("error" in args) {
    console.error(`db:seed: ${args.error} (usage: npm run db:seed [-- --products N])`);
    return 1;
  }
  let handle;
  try {
    handle = await openDatabase();
  } catch (error) {
    console.error(`db:seed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    await migrateDatabase(handle.db);
    const started = performance.now();
    const summary = await seedDemo(handle.db);
    if (summary) {
      console.info(
        `[seed] demo data: ${summary.cooperatives} cooperatives, ${summary.products} products, ${summary.variants} variants, ` +
          `${summary.certifications} certificates, ${summary.batches} batches, ${summary.users} accounts ` +
          `(${Math.round(performance.now() - started)} ms)`,
      );
    } else {
      console.info("[seed] the database already has cooperatives: demo data left as it is");
    }
    if (args.products) {
      const growStarted = performance.now();
      let lastReport = growStarted;
      const grown = await growCatalogue(handle.db, {
        count: args.products,
        onProgress(done, total) {
          if (performance.now() - lastReport > 5000 || done === total) {
            lastReport = performance.now();
            console.info(`[seed] ${done} / ${total} products`);
          }
        },
      });
      const seconds = (performance.now() - growStarted) / 1000;
      console.info(
        `[seed] added ${grown.products} products, ${grown.variants} variants, ${grown.batches} batches, ` +
          `${grown.certificateLinks} certificate links in ${seconds.toFixed(1)} s`,
      );
    }
    return 0;
  } catch (error) {
    console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await handle.close();
  }
}
