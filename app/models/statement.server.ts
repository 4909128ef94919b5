import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, LedgerTransactionKind } from "~db/schema";
import { endedPeriods, type PeriodRange } from "~/models/settlement-period";
import { withTransaction } from "~/models/transaction.server";
import { addDays } from "~/utils/dates";

// Statements (migration 2026_12_02_0008_statements): a cooperative's ledger entries settled per
// period. An order's entries for a cooperative are settled once all its lines from that
// cooperative were delivered at least `holdDays` before the period's end (the time a shopper
// has to ask for a refund); a refund posted after that is settled in the next statement, as a
// negative adjustment. Entries of an order that was refunded in full before delivery net to
// zero and are settled without waiting.
//
// A stay or experience booking (migration 2026_12_03_0012_booking_ledger) is settled once the
// stay has ended (its check-out day, or the day after the experience) by the period's end: after
// arrival a guest can no longer cancel. A booking cancelled and refunded in full nets to zero
// and is settled without waiting, and a refund after settlement goes to the next statement.
//
// An adjustment (a correction an admin posts to a cooperative's payable) has no delivery to
// wait for: the first statement whose period ends after it was posted settles it. Its other
// side is on the commission account (see postAdjustment), which is not commission the shop
// charged: a statement counts it with the goods, so its commission stays what was charged.

/** Midnight at the start of a China day, as an instant. */
const chinaMidnight = (day: string) => sql<Date>`(${day}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** The cooperative's unsettled entries an issue of the period may settle. */
async function settleableEntries(trx: Transaction<Database>, cooperativeId: number, period: PeriodRange, holdDays: number) {
  const periodEnds = chinaMidnight(addDays(period.end, 1));
  const deliveredBefore = chinaMidnight(addDays(period.end, 1 - holdDays));
  const { rows } = await sql<{ id: number; account: "cooperative_payable" | "commission_income"; amount_fen: number; kind: LedgerTransactionKind }>`
    WITH open_entries AS (
      SELECT e.id, e.account, e.amount_fen, t.kind, t.order_id, t.booking_id
      FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE e.cooperative_id = ${cooperativeId}
        AND t.kind IN ('payment_captured', 'refund', 'adjustment')
        AND t.posted_at < ${periodEnds}
        AND NOT EXISTS (SELECT 1 FROM statement_entries se WHERE se.entry_id = e.id)
    ), orders_ready AS (
      SELECT o.order_id FROM (SELECT DISTINCT order_id FROM open_entries) o
      WHERE NOT EXISTS (
          SELECT 1 FROM order_items oi
          WHERE oi.order_id = o.order_id AND oi.cooperative_id = ${cooperativeId}
            AND oi.quantity > COALESCE((
              SELECT sum(si.quantity) FROM shipment_items si JOIN shipments s ON s.id = si.shipment_id
              WHERE si.order_item_id = oi.id AND s.status = 'delivered' AND s.delivered_at < ${deliveredBefore}
            ), 0)
        )
        OR EXISTS (
          SELECT 1 FROM statement_entries se JOIN ledger_entries e ON e.id = se.entry_id JOIN ledger_transactions t ON t.id = e.transaction_id
          WHERE t.order_id = o.order_id AND e.cooperative_id = ${cooperativeId}
        )
        OR (SELECT sum(e.amount_fen) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE t.order_id = o.order_id AND e.cooperative_id = ${cooperativeId} AND t.posted_at < ${periodEnds}) = 0
    ), bookings_ready AS (
      SELECT b.booking_id FROM (SELECT DISTINCT booking_id FROM open_entries WHERE booking_id IS NOT NULL) b
      WHERE EXISTS (
          SELECT 1 FROM bookings bk LEFT JOIN experience_slots sl ON sl.id = bk.slot_id
          WHERE bk.id = b.booking_id
            AND COALESCE(upper(bk.stay_range), (sl.starts_at AT TIME ZONE 'Asia/Shanghai')::date + 1) <= ${addDays(period.end, 1)}::date
        )
        OR EXISTS (
          SELECT 1 FROM statement_entries se JOIN ledger_entries e ON e.id = se.entry_id JOIN ledger_transactions t ON t.id = e.transaction_id
          WHERE t.booking_id = b.booking_id AND e.cooperative_id = ${cooperativeId}
        )
        OR (SELECT sum(e.amount_fen) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE t.booking_id = b.booking_id AND e.cooperative_id = ${cooperativeId} AND t.posted_at < ${periodEnds}) = 0
    )
    SELECT id, account, amount_fen, kind FROM open_entries
    WHERE order_id IN (SELECT order_id FROM orders_ready) OR booking_id IN (SELECT booking_id FROM bookings_ready) OR kind = 'adjustment'
    ORDER BY id`.execute(trx);
  return rows.map((row) => ({ ...row, amount_fen: Number(row.amount_fen) }));
}

export function statementNumber(cooperativeId: number, period: PeriodRange): string {
  return `ST-${String(cooperativeId).padStart(4, "0")}-${period.start.replaceAll("-", "")}`;
}

/**
 * Issues the cooperative's statement for one ended period, or returns null when there is nothing
 * to settle and no negative balance to carry. Issuing twice is harmless: the second finds the
 * period taken.
 */
export async function issueStatement(
  db: Kysely<Database>,
  { cooperativeId, period, holdDays }: { cooperativeId: number; period: PeriodRange; holdDays: number },
): Promise<{ id: number; totalFen: number } | null> {
  return withTransaction(db, async (trx) => {
    // One issuer per cooperative at a time; the unique period and entries are the backstop.
    await sql`SELECT pg_advisory_xact_lock(hashtext('statements'), ${cooperativeId})`.execute(trx);
    const existing = await trx.selectFrom("statements").select("id").where("cooperative_id", "=", cooperativeId).where("period_start", "=", period.start).executeTakeFirst();
    if (existing) return null;
    // The latest statement, whatever its period: after a switch from monthly to weekly periods
    // the two can overlap, and a balance looked up by the new period's start would skip it.
    const previous = await trx
      .selectFrom("statements")
      .select("total_fen")
      .where("cooperative_id", "=", cooperativeId)
      .orderBy("period_end", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const opening = Math.min(0, Number(previous?.total_fen ?? 0));
    const entries = await settleableEntries(trx, cooperativeId, period, holdDays);
    if (!entries.length && opening === 0) return null;
    // Credits are negative in the journal; a statement shows what the cooperative is owed.
    const payable = -entries.filter((e) => e.account === "cooperative_payable").reduce((sum, e) => sum + e.amount_fen, 0);
    const commission = -entries.filter((e) => e.account === "commission_income" && e.kind !== "adjustment").reduce((sum, e) => sum + e.amount_fen, 0);
    const statement = await trx
      .insertInto("statements")
      .values({
        number: statementNumber(cooperativeId, period),
        cooperative_id: cooperativeId,
        period_start: period.start,
        period_end: period.end,
        hold_days: holdDays,
        opening_fen: opening,
        goods_fen: payable + commission,
        commission_fen: commission,
        total_fen: opening + payable,
      })
      .returning(["id", "total_fen"])
      .executeTakeFirstOrThrow();
    if (entries.length) {
      await trx.insertInto("statement_entries").values(entries.map((e) => ({ statement_id: statement.id, entry_id: e.id }))).execute();
    }
    return { id: statement.id, totalFen: Number(statement.total_fen) };
  });
}

/**
 * Issues every statement that is due: for each cooperative with ledger entries, each ended period
 * from its first entry on (or after its last statement) that has none yet.
 */
export async function issueDueStatements(db: Kysely<Database>, { today, holdDays }: { today: string; holdDays: number }): Promise<number> {
  const cooperatives = await db
    .selectFrom("cooperatives as c")
    .select([
      "c.id",
      "c.settlement_period",
      sql<string | null>`(SELECT max(s.period_end)::text FROM statements s WHERE s.cooperative_id = c.id)`.as("last_end"),
      sql<string | null>`(SELECT (min(t.posted_at) AT TIME ZONE 'Asia/Shanghai')::date::text FROM ledger_entries e
        JOIN ledger_transactions t ON t.id = e.transaction_id WHERE e.cooperative_id = c.id)`.as("first_posted"),
    ])
    .execute();
  let issued = 0;
  for (const cooperative of cooperatives) {
    if (!cooperative.first_posted) continue;
    const from = cooperative.last_end ? addDays(cooperative.last_end, 1) : cooperative.first_posted;
    for (const period of endedPeriods(cooperative.settlement_period, from, today)) {
      // After a change of period kind the first new period may begin before the last statement
      // ended: it is cut to start the day after, so no two statements cover the same day.
      const start = cooperative.last_end && period.start <= cooperative.last_end ? from : period.start;
      if (await issueStatement(db, { cooperativeId: cooperative.id, period: { start, end: period.end }, holdDays })) issued++;
    }
  }
  return issued;
}

export interface StatementLine {
  /** The order's number, or the booking's (BK…) when `source` is "booking"; empty for an adjustment. */
  orderNumber: string;
  source: "order" | "booking" | "adjustment";
  /** A booking's lines have kinds of their own, so every page and CSV says "stay booking". */
  kind: "payment_captured" | "refund" | "booking_captured" | "booking_refund" | "adjustment";
  /** Why an adjustment was posted; empty for the other kinds. */
  reason: string;
  postedAt: Date;
  goodsFen: number;
  commissionFen: number;
  payableFen: number;
}

/** A statement and its lines (one per order event), for the cooperative that owns it or staff. */
export async function statementWithLines(db: Kysely<Database>, { id, cooperativeId }: { id: number; cooperativeId?: number }) {
  let query = db.selectFrom("statements").selectAll().where("id", "=", id);
  if (cooperativeId !== undefined) query = query.where("cooperative_id", "=", cooperativeId);
  const statement = await query.executeTakeFirst();
  if (!statement) return null;
  const rows = await db
    .selectFrom("statement_entries as se")
    .innerJoin("ledger_entries as e", "e.id", "se.entry_id")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .leftJoin("orders as o", "o.id", "t.order_id")
    .leftJoin("bookings as bk", "bk.id", "t.booking_id")
    .select([
      sql<string>`COALESCE(o.number, bk.number, '')`.as("number"),
      sql<boolean>`t.booking_id IS NOT NULL`.as("is_booking"),
      "t.kind",
      "t.memo",
      "t.posted_at",
      sql<number>`-sum(e.amount_fen) FILTER (WHERE e.account = 'cooperative_payable')`.as("payable"),
      // An adjustment's other side is not commission charged (see settleableEntries).
      sql<number>`-sum(e.amount_fen) FILTER (WHERE e.account = 'commission_income' AND t.kind <> 'adjustment')`.as("commission"),
    ])
    .where("se.statement_id", "=", id)
    .groupBy(["t.id", "o.number", "bk.number", "t.kind", "t.memo", "t.posted_at"])
    .orderBy("t.posted_at")
    .orderBy("t.id")
    .execute();
  const lines: StatementLine[] = rows.map((row) => {
    const payable = Number(row.payable ?? 0);
    const commission = Number(row.commission ?? 0);
    const kind = (row.is_booking ? (row.kind === "refund" ? "booking_refund" : "booking_captured") : row.kind) as StatementLine["kind"];
    const source = row.is_booking ? "booking" : kind === "adjustment" ? "adjustment" : "order";
    const reason = kind === "adjustment" ? row.memo : "";
    return { orderNumber: row.number, source, kind, reason, postedAt: row.posted_at, goodsFen: payable + commission, commissionFen: commission, payableFen: payable };
  });
  return { statement: { ...statement, opening_fen: Number(statement.opening_fen), goods_fen: Number(statement.goods_fen), commission_fen: Number(statement.commission_fen), total_fen: Number(statement.total_fen) }, lines };
}
