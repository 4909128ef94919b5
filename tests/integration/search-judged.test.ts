import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { searchCatalogue } from "~/models/catalogue.server";
import { parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";

// Relevance as a number: the judged queries (tests/integration/search-judged.json) run against
// the demo catalogue. Recall@10 is the share of a query's relevant products among its first ten
// results (out of at most ten); a first hit is a first result among the query's `first` products.

const Judged = z.object({
  queries: z
    .array(
      z.object({
        kind: z.enum(["word", "synonym", "pinyin", "initials", "english"]),
        q: z.string().min(1),
        locale: z.enum(["zh", "en"]),
        relevant: z.array(z.string()).min(1),
        first: z.array(z.string()).min(1).optional(),
      }),
    )
    .min(60),
});

const judged = Judged.parse(JSON.parse(readFileSync(path.join(import.meta.dirname, "search-judged.json"), "utf8")));

export interface Scored {
  q: string;
  kind: string;
  recall: number;
  firstHit: boolean;
  top: string[];
  missing: string[];
}

async function score(): Promise<Scored[]> {
  const today = chinaToday();
  const scored: Scored[] = [];
  for (const query of judged.queries) {
    const params = parseCatalogueParams(new URLSearchParams({ q: query.q }));
    const page = await searchCatalogue(db(), { ...params, locale: query.locale, today, pageSize: 10 });
    const top = page.products.map((p) => p.slug);
    const missing = query.relevant.filter((slug) => !top.includes(slug));
    const recall = (query.relevant.length - missing.length) / Math.min(query.relevant.length, 10);
    scored.push({ q: query.q, kind: query.kind, recall, firstHit: (query.first ?? query.relevant).includes(top[0] ?? ""), top, missing });
  }
  return scored;
}

describe("judged search relevance on the demo catalogue", () => {
  it("finds the relevant products (mean recall@10 ≥ 0.95) and puts one first for ≥ 90 % of queries", async () => {
    const scored = await score();
    const recall = scored.reduce((sum, s) => sum + s.recall, 0) / scored.length;
    const firstHits = scored.filter((s) => s.firstHit).length / scored.length;
    const misses = scored
      .filter((s) => s.recall < 1 || !s.firstHit)
      .map((s) => `${s.kind} ${s.q}: recall ${s.recall.toFixed(2)}${s.missing.length ? ` missing ${s.missing.join(",")}` : ""}; top ${s.top.slice(0, 3).join(",")}`);
    const summary = `${scored.length} queries: recall@10 ${recall.toFixed(3)}, first hit ${(firstHits * 100).toFixed(1)} %\n${misses.join("\n")}`;
    if (process.env.SEARCH_JUDGED_REPORT) process.stdout.write(`${summary}\n`);
    expect(recall, summary).toBeGreaterThanOrEqual(0.95);
    expect(firstHits, summary).toBeGreaterThanOrEqual(0.9);
  });
});
