import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, LedgerAccountName, LedgerTransactionKind } from "~db/schema";
import { DEFAULT_COMMISSION_BP, capturePostings, refundPostings, type GoodsPart, type LedgerLine, type OrderMoney } from "~/models/ledger-rules";
import { withTransaction } from "~/models/transaction.server";
import { chinaToday } from "~/utils/dates";

// The journal of the money trail (migration 2026_12_02_0007_ledger): postings are written in the
// transaction of the state change that causes them, once each (an idempotency key per event),
// and never changed. What is owed is always a sum of entries.

/** The commission rate in force for a cooperative on a China day. */
export async function commissionRateOn(db: Kysely<Database>, cooperativeId: number, day: string): Promise<number> {
  const row = await db
    .selectFrom("commission_rates")
    .select("rate_bp")
    .where("cooperative_id", "=", cooperativeId)
    .where("effective_from", "<=", day)
    .orderBy("effective_from", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.rate_bp ?? DEFAULT_COMMISSION_BP;
}

/**
 * Public pages show figures from rates and payouts (a product's share for its cooperative, a
 * cooperative's impact): their cache version moves with them, as with any catalogue write.
 */
async function publicFiguresChanged(db: Kysely<Database>): Promise<void> {
  await sql`SELECT nextval('catalogue_version_seq')`.execute(db);
}

/** Sets the rate from a day on (replacing one set for the same day). */
export async function setCommissionRate(
  db: Kysely<Database>,
  input: { cooperativeId: number; rateBp: number; effectiveFrom: string; setBy: number | null },
): Promise<void> {
  await db
    .insertInto("commission_rates")
    .values({ cooperative_id: input.cooperativeId, rate_bp: input.rateBp, effective_from: input.effectiveFrom, set_by: input.setBy })
    .onConflict((oc) => oc.columns(["cooperative_id", "effective_from"]).doUpdateSet({ rate_bp: input.rateBp, set_by: input.setBy, created_at: sql`now()` }))
    .execute();
  await publicFiguresChanged(db);
}

/** Writes one journal transaction; false when its event was posted before (nothing written). */
async function post(
  trx: Transaction<Database>,
  header: {
    kind: LedgerTransactionKind;
    idempotencyKey: string;
    orderId: number | null;
    paymentId: number | null;
    refundId: number | null;
    postedAt?: Date;
    memo?: string;
    booking?: { bookingId: number; bookingPaymentId: number; bookingRefundId: number | null };
  },
  lines: readonly LedgerLine[],
  rates: ReadonlyMap<number, number>,
): Promise<boolean> {
  const inserted = await trx
    .insertInto("ledger_transactions")
    .values({
      kind: header.kind,
      idempotency_key: header.idempotencyKey,
      order_id: header.orderId,
      payment_id: header.paymentId,
      refund_id: header.refundId,
      ...(header.booking
        ? { booking_id: header.booking.bookingId, booking_payment_id: header.booking.bookingPaymentId, booking_refund_id: header.booking.bookingRefundId }
        : {}),
      ...(header.postedAt ? { posted_at: header.postedAt } : {}),
      ...(header.memo ? { memo: header.memo } : {}),
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return false;
  if (lines.length) {
    await trx
      .insertInto("ledger_entries")
      .values(
        lines.map((line) => ({
          transaction_id: inserted.id,
          account: line.account,
          cooperative_id: line.cooperativeId,
          amount_fen: line.amountFen,
          rate_bp: line.cooperativeId === null ? null : (rates.get(line.cooperativeId) ?? null),
        })),
      )
      .execute();
  }
  return true;
}

/**
 * Posts a payment's capture: the order's goods per cooperative at the rates in force on the
 * day it was paid, and its shipping. Called in the transaction that marks the payment paid;
 * a second call for the same payment writes nothing. `postedAt` (default: now) is for the demo
 * seed, whose orders were paid in past months, as the backfill migration posts at paid_at.
 * The provider's fee, stored on the payment when it was marked paid, is posted with it.
 */
export async function postPaymentCapture(trx: Transaction<Database>, { paymentId, postedAt }: { paymentId: number; postedAt?: Date }): Promise<boolean> {
  const payment = await trx
    .selectFrom("payments as pay")
    .innerJoin("orders as o", "o.id", "pay.order_id")
    .select(["pay.order_id", "pay.captured_fen", "pay.fee_fen", "o.shipping_fen", "o.paid_at"])
    .where("pay.id", "=", paymentId)
    .executeTakeFirstOrThrow();
  if (payment.captured_fen <= 0) return false;
  const day = chinaToday(payment.paid_at ?? new Date());
  const goodsRows = await trx
    .selectFrom("order_items")
    .select(["cooperative_id", sql<number>`sum(line_total_fen)`.as("goods")])
    .where("order_id", "=", payment.order_id)
    .groupBy("cooperative_id")
    .orderBy("cooperative_id")
    .execute();
  const goods: GoodsPart[] = [];
  for (const row of goodsRows) {
    goods.push({ cooperativeId: row.cooperative_id, goodsFen: Number(row.goods), rateBp: await commissionRateOn(trx, row.cooperative_id, day) });
  }
  const lines = capturePostings(payment.captured_fen, goods, payment.shipping_fen, payment.fee_fen);
  return post(
    trx,
    { kind: "payment_captured", idempotencyKey: `capture:${paymentId}`, orderId: payment.order_id, paymentId, refundId: null, postedAt },
    lines,
    new Map(goods.map((part) => [part.cooperativeId, part.rateBp])),
  );
}

/** What a payment captured per part and what is left of each after the refunds posted so far. */
async function orderMoney(trx: Transaction<Database>, paymentId: number, column: "t.payment_id" | "t.booking_payment_id" = "t.payment_id"): Promise<OrderMoney | null> {
  const rows = await trx
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .select([
      "e.account",
      "e.cooperative_id",
      sql<number>`sum(e.amount_fen) FILTER (WHERE t.kind = 'payment_captured')`.as("captured"),
      sql<number>`sum(e.amount_fen)`.as("now"),
      sql<number | null>`max(e.rate_bp)`.as("rate_bp"),
    ])
    .where(column, "=", paymentId)
    .where("t.kind", "in", ["payment_captured", "refund"])
    .groupBy(["e.account", "e.cooperative_id"])
    .execute();
  if (!rows.some((row) => row.account === "provider_clearing")) return null;
  // A cooperative's goods still sold are its payable plus the commission on them (both credits).
  const byCooperative = new Map<number, { captured: number; now: number; rateBp: number }>();
  let shipping = { captured: 0, now: 0 };
  for (const row of rows) {
    const captured = -Number(row.captured ?? 0);
    const now = -Number(row.now);
    if (row.account === "shipping_income") shipping = { captured, now };
    if (row.cooperative_id === null) continue;
    const part = byCooperative.get(row.cooperative_id) ?? { captured: 0, now: 0, rateBp: DEFAULT_COMMISSION_BP };
    part.captured += captured;
    part.now += now;
    if (row.rate_bp !== null) part.rateBp = row.rate_bp;
    byCooperative.set(row.cooperative_id, part);
  }
  const parts = [...byCooperative.entries()].sort(([a], [b]) => a - b);
  return {
    goods: parts.map(([cooperativeId, part]) => ({ cooperativeId, goodsFen: part.captured, rateBp: part.rateBp })),
    refundedGoodsFen: parts.map(([, part]) => part.captured - part.now),
    shippingFen: shipping.captured,
    refundedShippingFen: shipping.captured - shipping.now,
  };
}

/**
 * Posts a succeeded refund against the payment it returns: spread over the cooperatives' goods
 * and the shipping in proportion to what each has left, commission given back with it.
 */
export async function postRefund(trx: Transaction<Database>, { refundId }: { refundId: number }): Promise<boolean> {
  const refund = await trx.selectFrom("refunds").select(["order_id", "payment_id", "amount_fen"]).where("id", "=", refundId).executeTakeFirstOrThrow();
  let money = await orderMoney(trx, refund.payment_id);
  if (!money) {
    await postPaymentCapture(trx, { paymentId: refund.payment_id });
    money = await orderMoney(trx, refund.payment_id);
    if (!money) throw new Error(`refund ${refundId} returns payment ${refund.payment_id}, which captured nothing`);
  }
  const lines = refundPostings(refund.amount_fen, money);
  return post(
    trx,
    { kind: "refund", idempotencyKey: `refund:${refundId}`, orderId: refund.order_id, paymentId: refund.payment_id, refundId },
    lines,
    new Map(money.goods.map((part) => [part.cooperativeId, part.rateBp])),
  );
}

/**
 * Posts a booking's captured payment as its cooperative's income: the whole amount is the
 * cooperative's "goods" (a stay has no shipping), less the commission at the rate in force on
 * the China day it was paid, as for an order. Called in the transaction that marks the booking
 * paid; once per booking (a repeated event, or a second attempt's money, posts nothing).
 */
export async function postBookingCapture(
  trx: Transaction<Database>,
  { bookingId, bookingPaymentId, postedAt }: { bookingId: number; bookingPaymentId: number; postedAt?: Date },
): Promise<boolean> {
  const booking = await trx.selectFrom("bookings").select(["cooperative_id", "captured_fen", "paid_at"]).where("id", "=", bookingId).executeTakeFirstOrThrow();
  const captured = Number(booking.captured_fen);
  if (captured <= 0) return false;
  const rateBp = await commissionRateOn(trx, booking.cooperative_id, chinaToday(booking.paid_at ?? new Date()));
  const goods: GoodsPart[] = [{ cooperativeId: booking.cooperative_id, goodsFen: captured, rateBp }];
  const { fee_fen: feeFen } = await trx.selectFrom("booking_payments").select("fee_fen").where("id", "=", bookingPaymentId).executeTakeFirstOrThrow();
  return post(
    trx,
    {
      kind: "payment_captured",
      idempotencyKey: `booking-capture:${bookingId}`,
      orderId: null,
      paymentId: null,
      refundId: null,
      postedAt,
      booking: { bookingId, bookingPaymentId, bookingRefundId: null },
    },
    capturePostings(captured, goods, 0, feeFen),
    new Map([[booking.cooperative_id, rateBp]]),
  );
}

/**
 * Posts a succeeded booking refund: the cooperative's income and the commission on it fall by
 * what went back. Only refunds of the attempt whose capture was posted: money that came in and
 * went straight back (a second payment, nights taken meanwhile) was never anyone's income.
 * Never more than is left of the capture; once per refund.
 */
export async function postBookingRefund(trx: Transaction<Database>, { bookingRefundId }: { bookingRefundId: number }): Promise<boolean> {
  const refund = await trx
    .selectFrom("booking_refunds")
    .select(["booking_id", "booking_payment_id", "amount_fen", "status"])
    .where("id", "=", bookingRefundId)
    .executeTakeFirstOrThrow();
  if (refund.status !== "succeeded") return false;
  const money = await orderMoney(trx, refund.booking_payment_id, "t.booking_payment_id");
  if (!money) return false;
  const left = money.goods.reduce((sum, part, i) => sum + part.goodsFen - money.refundedGoodsFen[i]!, 0);
  const amount = Math.min(Number(refund.amount_fen), left);
  if (amount <= 0) return false;
  return post(
    trx,
    {
      kind: "refund",
      idempotencyKey: `booking-refund:${bookingRefundId}`,
      orderId: null,
      paymentId: null,
      refundId: null,
      booking: { bookingId: refund.booking_id, bookingPaymentId: refund.booking_payment_id, bookingRefundId },
    },
    refundPostings(amount, money),
    new Map(money.goods.map((part) => [part.cooperativeId, part.rateBp])),
  );
}

/**
 * Posts a paid payout batch: each cooperative's payable falls by what it was sent, and the money
 * leaves the shop's clearing account. Once per batch.
 */
export async function postPayout(
  trx: Transaction<Database>,
  { batchId, items }: { batchId: number; items: ReadonlyArray<{ cooperativeId: number; amountFen: number }> },
): Promise<boolean> {
  const total = items.reduce((sum, item) => sum + item.amountFen, 0);
  const lines: LedgerLine[] = [
    ...items.map((item) => ({ account: "cooperative_payable" as const, cooperativeId: item.cooperativeId, amountFen: item.amountFen })),
    { account: "provider_clearing", cooperativeId: null, amountFen: -total },
  ];
  const posted = await post(trx, { kind: "payout", idempotencyKey: `payout:${batchId}`, orderId: null, paymentId: null, refundId: null }, lines, new Map());
  if (posted) await publicFiguresChanged(trx);
  return posted;
}

/**
 * Posts a correction to what the shop owes a cooperative: positive when the shop owes it more
 * (compensation for a lost parcel, say), negative for a charge back. The reason is kept on the
 * journal transaction. Entries are never changed, so an adjustment posted in error is corrected
 * by another one. Once per idempotency key (a form's one-time token), false when posted before.
 *
 * The other side is the cooperative's commission_income. No cash moves when an adjustment is
 * posted (it moves with the payout, through provider_clearing), so the clearing account would
 * misstate what the provider holds; shipping_income is the shoppers' shipping. What the shop
 * gives or takes back comes out of, or adds to, its own income from that cooperative, and
 * keeping it on the cooperative's commission line shows what the shop really earned from it.
 */
export async function postAdjustment(
  db: Kysely<Database>,
  { cooperativeId, amountFen, reason, idempotencyKey }: { cooperativeId: number; amountFen: number; reason: string; idempotencyKey: string },
): Promise<boolean> {
  if (!Number.isSafeInteger(amountFen) || amountFen === 0) throw new RangeError(`an adjustment of ${amountFen} fen`);
  if (!reason.trim()) throw new Error("an adjustment needs a reason");
  const lines: LedgerLine[] = [
    { account: "cooperative_payable", cooperativeId, amountFen: -amountFen },
    { account: "commission_income", cooperativeId, amountFen },
  ];
  return withTransaction(db, (trx) =>
    post(trx, { kind: "adjustment", idempotencyKey: `adjustment:${idempotencyKey}`, orderId: null, paymentId: null, refundId: null, memo: reason.trim() }, lines, new Map()),
  );
}

export interface AdjustmentRow {
  transactionId: number;
  cooperativeId: number;
  name_zh: string;
  name_en: string;
  /** What the cooperative is owed more (negative: charged back). */
  amountFen: number;
  reason: string;
  postedAt: Date;
  /** The statement that settled it, once one has. */
  statementNumber: string | null;
}

/** The latest adjustments, newest first. */
export async function recentAdjustments(db: Kysely<Database>, { limit = 50 }: { limit?: number } = {}): Promise<AdjustmentRow[]> {
  const rows = await db
    .selectFrom("ledger_transactions as t")
    .innerJoin("ledger_entries as e", (join) => join.onRef("e.transaction_id", "=", "t.id").on("e.account", "=", "cooperative_payable"))
    .innerJoin("cooperatives as c", "c.id", "e.cooperative_id")
    .leftJoin("statement_entries as se", "se.entry_id", "e.id")
    .leftJoin("statements as s", "s.id", "se.statement_id")
    .select(["t.id", "e.cooperative_id", "c.name_zh", "c.name_en", "e.amount_fen", "t.memo", "t.posted_at", "s.number"])
    .where("t.kind", "=", "adjustment")
    .orderBy("t.posted_at", "desc")
    .orderBy("t.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    transactionId: row.id,
    cooperativeId: row.cooperative_id!,
    name_zh: row.name_zh,
    name_en: row.name_en,
    // A credit to the payable (negative) is more owed to the cooperative.
    amountFen: -Number(row.amount_fen),
    reason: row.memo,
    postedAt: row.posted_at,
    statementNumber: row.number,
  }));
}

export interface AccountBalance {
  account: LedgerAccountName;
  cooperativeId: number | null;
  /** Debits less credits: an amount owed by the shop is negative here. */
  balanceFen: number;
}

/** Every account's balance, or those of one order. */
export async function ledgerBalances(db: Kysely<Database>, { orderId }: { orderId?: number } = {}): Promise<AccountBalance[]> {
  let query = db
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .select(["e.account", "e.cooperative_id", sql<number>`sum(e.amount_fen)`.as("balance")])
    .groupBy(["e.account", "e.cooperative_id"])
    .orderBy("e.account")
    .orderBy("e.cooperative_id");
  if (orderId !== undefined) query = query.where("t.order_id", "=", orderId);
  const rows = await query.execute();
  return rows.map((row) => ({ account: row.account, cooperativeId: row.cooperative_id, balanceFen: Number(row.balance) }));
}
