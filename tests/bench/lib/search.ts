import { Kysely, PostgresDialect, type CompiledQuery } from "kysely";
import pg from "pg";
import type { Database } from "~db/schema";
import { createDatabase } from "~db/client";
import { searchCatalogue } from "~/models/catalogue.server";
import { parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import type { Check } from "./table";

// Search at the model level: the catalogue's own search function called straight from the
// benchmark process against the bench database, so the numbers are the queries' and not
// HTTP's. Each query's SQL is captured as the model issues it and EXPLAINed as it ran.

export const SEARCH_QUERIES = [
  { q: "橙", locale: "zh" },
  { q: "脐橙", locale: "zh" },
  { q: "江津花", locale: "zh" },
  { q: "奉节脐橙", locale: "zh" },
  { q: "orange", locale: "en" },
  { q: "honey", locale: "en" },
  { q: "pepper", locale: "en" },
  { q: "tea", locale: "en" },
] as const;

export interface SearchTiming {
  q: string;
  total: number;
  p50: number;
  p95: number;
  p99: number;
  /** Indexes the plans of the model's queries used. */
  indexes: string[];
  plans: string[];
  check: Check;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Indexes a text plan mentions ("Bitmap Index Scan on x", "Index Scan using x on …"). */
export function indexesInPlan(plan: string): string[] {
  const found = new Set<string>();
  for (const match of plan.matchAll(/Index (?:Only )?Scan (?:using|on) ([a-z0-9_]+)/g)) found.add(match[1]!);
  return [...found];
}

export async function measureSearch(databaseUrl: string, { iterations = 200 } = {}): Promise<SearchTiming[]> {
  // createDatabase sets the pg type parsers the models expect (int8 → number, date → string).
  const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let captured: CompiledQuery[] | null = null;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (event.level === "query") captured?.push(event.query);
    },
  });
  const today = chinaToday();
  const results: SearchTiming[] = [];
  try {
    for (const { q, locale } of SEARCH_QUERIES) {
      const query = parseCatalogueParams(new URLSearchParams({ q }));
      const run = () => searchCatalogue(db, { ...query, locale, today });
      for (let i = 0; i < 10; i++) await run();
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < iterations; i++) {
        const start = performance.now();
        total = (await run()).total;
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);

      captured = [];
      await run();
      const queries: CompiledQuery[] = captured;
      captured = null;
      const plans: string[] = [];
      // Each query is explained under the settings its transaction ran it with (set_config(…,
      // true)); the catalogue version read is the cache's bookkeeping, not a catalogue query.
      let settings: string[] = [];
      for (const compiled of queries) {
        const text = compiled.sql.trim();
        if (/^(begin|commit|rollback)\b/i.test(text)) settings = [];
        else if (/^select set_config\(/i.test(text)) settings.push(text.replace(/\s+/g, " "));
        if (!/^select\b/i.test(text) || /^select set_config\(|catalogue_version_seq/i.test(text)) continue;
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          for (const setting of settings) await client.query(setting);
          const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, [...compiled.parameters]);
          const under = settings.length ? ` [${settings.join("; ")}]` : "";
          plans.push(`${text.replace(/\s+/g, " ").slice(0, 160)}…${under}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
        } finally {
          await client.query("ROLLBACK");
          client.release();
        }
      }
      const indexes = [...new Set(plans.flatMap(indexesInPlan))];
      const p95 = percentile(times, 95);
      results.push({
        q,
        total,
        p50: percentile(times, 50),
        p95,
        p99: percentile(times, 99),
        indexes,
        plans,
        check: { name: `search "${q}" p95 < 20 ms (model level, ${iterations}×)`, measured: `${p95.toFixed(1)} ms`, met: p95 < 20 },
      });
    }
  } finally {
    await db.destroy();
    await handle.close();
  }
  return results;
}
