import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { commissionRateOn } from "~/models/ledger.server";
import { cooperativeShare } from "~/models/ledger-rules";
import type { CooperativeImpact, CoopShare, MonthAmount, OrderCoopShare } from "~/types/impact";
import { chinaToday } from "~/utils/dates";

// What shoppers are shown of the money trail: only figures from the journal and the rates it
// uses, never a person's name, account or household. Each figure is a sum the ledger already
// holds, so the public pages reconcile with it to the fen.

/** The share of one unit of a product's variant price that goes to its cooperative. */
export async function productCoopShare(
  db: Kysely<Database>,
  { productId, priceFen, today = chinaToday() }: { productId: number; priceFen: number; today?: string },
): Promise<CoopShare | null> {
  const product = await db.selectFrom("products").select("cooperative_id").where("id", "=", productId).executeTakeFirst();
  if (!product) return null;
  const rateBp = await commissionRateOn(db, product.cooperative_id, today);
  const { payableFen, commissionFen } = cooperativeShare(priceFen, rateBp);
  return { priceFen, rateBp, commissionFen, cooperativeFen: payableFen };
}

/**
 * A cooperative's public impact figures for the China year of `today`, aggregated only: the
 * households are a count, the distributions a sum. A cooperative that keeps no household
 * register or has confirmed no distribution this year gets null there, which is not shown.
 */
export async function cooperativeImpact(
  db: Kysely<Database>,
  { cooperativeId, today = chinaToday() }: { cooperativeId: number; today?: string },
): Promise<CooperativeImpact> {
  const year = Number(today.slice(0, 4));
  const from = sql<Date>`(${`${year}-01-01`}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const until = sql<Date>`(${`${year + 1}-01-01`}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  const chinaMonth = (column: string) => sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;
  // A payout debits the payable (a positive entry): that is money that reached the cooperative.
  const payoutMonth = chinaMonth("t.posted_at");
  const payoutRows = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .select([payoutMonth.as("month"), sql<number>`sum(e.amount_fen)`.as("fen")])
    .where("t.kind", "=", "payout")
    .where("e.account", "=", "cooperative_payable")
    .where("e.cooperative_id", "=", cooperativeId)
    .where("t.posted_at", ">=", from)
    .where("t.posted_at", "<", until)
    .groupBy(payoutMonth)
    .execute();
  const stated = await db
    .selectFrom("statements")
    .select(sql<number>`coalesce(sum(goods_fen - commission_fen), 0)`.as("fen"))
    .where("cooperative_id", "=", cooperativeId)
    .where("period_start", ">=", `${year}-01-01`)
    .where("period_start", "<=", `${year}-12-31`)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom("households")
    .select(sql<number>`count(*)`.as("count"))
    .where("cooperative_id", "=", cooperativeId)
    .where("joined_on", "<=", today)
    .where((eb) => eb.or([eb("left_on", "is", null), eb("left_on", ">", today)]))
    .executeTakeFirstOrThrow();
  // What confirmed distributions gave the households this year, by the China month each was
  // confirmed in, the part turned into contributions included: it is theirs either way.
  const confirmedMonth = chinaMonth("confirmed_at");
  const distributionRows = await db
    .selectFrom("distributions")
    .select([confirmedMonth.as("month"), sql<number>`sum(distributable_fen)`.as("fen")])
    .where("cooperative_id", "=", cooperativeId)
    .where("status", "=", "confirmed")
    .where("confirmed_at", ">=", from)
    .where("confirmed_at", "<", until)
    .groupBy(confirmedMonth)
    .execute();
  const settledByMonth = monthsToDate(today, payoutRows);
  const distributedByMonth = monthsToDate(today, distributionRows);
  return {
    year,
    settledFen: sumOf(settledByMonth),
    settledByMonth,
    statedFen: Number(stated.fen),
    households: Number(members.count) > 0 ? Number(members.count) : null,
    distributedFen: distributionRows.length > 0 ? sumOf(distributedByMonth) : null,
    distributedByMonth,
  };
}

/** January to the month of `today`, each with its sum (0 for a month with no row). */
function monthsToDate(today: string, rows: readonly { month: string; fen: number | string }[]): MonthAmount[] {
  const byMonth = new Map(rows.map((row) => [row.month, Number(row.fen)]));
  const months: MonthAmount[] = [];
  for (let m = 1; m <= Number(today.slice(5, 7)); m++) {
    const key = `${today.slice(0, 4)}-${String(m).padStart(2, "0")}`;
    months.push({ month: key, fen: byMonth.get(key) ?? 0 });
  }
  return months;
}

const sumOf = (months: readonly MonthAmount[]) => months.reduce((sum, row) => sum + row.fen, 0);

/** The impact figures of a cooperative found by its public slug (null for none). */
export async function publicCooperativeImpact(db: Kysely<Database>, { slug, today = chinaToday() }: { slug: string; today?: string }): Promise<CooperativeImpact | null> {
  const cooperative = await db.selectFrom("cooperatives").select("id").where("slug", "=", slug).executeTakeFirst();
  return cooperative ? cooperativeImpact(db, { cooperativeId: cooperative.id, today }) : null;
}

/**
 * Per cooperative, what an order's postings (its capture less its refunds) owe it: the goods,
 * the shop's commission on them and what the cooperative is paid. Empty before the order is paid.
 */
export async function orderCoopShares(db: Kysely<Database>, { orderId }: { orderId: number }): Promise<OrderCoopShare[]> {
  const rows = await db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .innerJoin("cooperatives as c", "c.id", "e.cooperative_id")
    .select([
      "e.cooperative_id",
      "c.name_zh",
      "c.name_en",
      // Both are credits (negative) in the journal; the page shows them as positive amounts.
      sql<number>`-coalesce(sum(e.amount_fen) FILTER (WHERE e.account = 'cooperative_payable'), 0)`.as("payable"),
      sql<number>`-coalesce(sum(e.amount_fen) FILTER (WHERE e.account = 'commission_income'), 0)`.as("commission"),
    ])
    .where("t.order_id", "=", orderId)
    .where("t.kind", "in", ["payment_captured", "refund"])
    .where("e.account", "in", ["cooperative_payable", "commission_income"])
    .groupBy(["e.cooperative_id", "c.name_zh", "c.name_en"])
    .orderBy("e.cooperative_id")
    .execute();
  return rows.map((row) => {
    const payableFen = Number(row.payable);
    const commissionFen = Number(row.commission);
    return { cooperativeId: row.cooperative_id!, nameZh: row.name_zh, nameEn: row.name_en, goodsFen: payableFen + commissionFen, commissionFen, payableFen };
  });
}
