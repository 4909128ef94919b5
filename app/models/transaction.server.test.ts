import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTransaction } from "~/models/transaction.server";
import { db } from "~/utils/db.server";

async function count(name: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from rate_limits where key = ${name}`.execute(db());
  return rows[0]!.n;
}

const insert = (trx: Parameters<Parameters<typeof withTransaction>[1]>[0], key: string) =>
  trx.insertInto("rate_limits").values({ key, window_started_at: new Date(), hits: 1, blocked_until: null }).execute();

describe("withTransaction", () => {
  it("opens a transaction when there is none, and rolls back on failure", async () => {
    await expect(withTransaction(db(), async (trx) => { await insert(trx, "wt-alone"); throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await count("wt-alone")).toBe(0);
  });

  it("joins the caller's transaction, so the caller's failure undoes the inner work too", async () => {
    await expect(db().transaction().execute(async (outer) => {
      await withTransaction(outer, (inner) => { expect(inner).toBe(outer); return insert(inner, "wt-joined"); });
      throw new Error("caller fails after the inner work");
    })).rejects.toThrow();
    expect(await count("wt-joined")).toBe(0);
  });
});
