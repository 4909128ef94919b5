import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { postAdjustment, postPaymentCapture, postRefund } from "~/models/ledger.server";
import { periodOf } from "~/models/settlement-period";
import { issueDueStatements, issueStatement, statementWithLines } from "~/models/statement.server";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { insertDeliveredShipment } from "../support/after-purchase";
import { placePaidTestOrder } from "../support/checkout";

// Statements settle a cooperative's delivered orders once, carry refunds after settlement into
// the next statement, and carry a negative balance forward instead of losing it.

describe("statements", () => {
  it("settle delivered goods once, put a later refund in the next statement, and carry a negative balance", async () => {
    const oranges = await createProduct(db(), { variants: [{ price_fen: 5_980, stock_on_hand: 20 }] });
    const honey = await createProduct(db(), { variants: [{ price_fen: 5_810, stock_on_hand: 20 }] });
    const order = await placePaidTestOrder(db(), {
      lines: [
        { variantId: oranges.variants[0]!.id, quantity: 2 },
        { variantId: honey.variants[0]!.id, quantity: 1 },
      ],
    });
    const { shipping_fen } = await db().selectFrom("orders").select("shipping_fen").where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(shipping_fen).toBe(0);
    const payment = await db().selectFrom("payments").select("id").where("order_id", "=", order.id).where("status", "=", "paid").executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => postPaymentCapture(trx, { paymentId: payment.id }));
    await insertDeliveredShipment(order, { cooperativeId: oranges.cooperative_id });

    const today = chinaToday();
    const first = { start: addDays(today, -5), end: addDays(today, 10) };
    const second = { start: addDays(today, 11), end: addDays(today, 40) };
    const third = { start: addDays(today, 41), end: addDays(today, 70) };

    // The oranges were delivered 11 days before the end: settled, ¥119.60 less 5 %.
    const a1 = await issueStatement(db(), { cooperativeId: oranges.cooperative_id, period: first, holdDays: 7 });
    expect(a1).toMatchObject({ totalFen: 11_362 });
    // A second issue of the same period settles nothing again.
    expect(await issueStatement(db(), { cooperativeId: oranges.cooperative_id, period: first, holdDays: 7 })).toBeNull();
    // The honey is not delivered: nothing to settle for its cooperative yet.
    expect(await issueStatement(db(), { cooperativeId: honey.cooperative_id, period: first, holdDays: 7 })).toBeNull();
    // Delivered 4 days before the end is inside the hold: still not settled.
    await insertDeliveredShipment(order, { cooperativeId: honey.cooperative_id });
    expect(await issueStatement(db(), { cooperativeId: honey.cooperative_id, period: { start: first.start, end: addDays(today, 3) }, holdDays: 7 })).toBeNull();

    // ¥30.00 refunded after settlement: 2,019 of it falls on the oranges (3,000 × 11,960 / 17,770),
    // whose payable falls from 11,362 to 9,941 − 497 = 9,444: −1,918 in the next statement.
    const refund = await db()
      .insertInto("refunds")
      .values({ order_id: order.id, payment_id: payment.id, amount_fen: 3_000, reason: "damaged", idempotency_key: `statements-${order.id}`, status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }));
    const a2 = await issueStatement(db(), { cooperativeId: oranges.cooperative_id, period: second, holdDays: 7 });
    expect(a2).toMatchObject({ totalFen: -1_918 });
    const a3 = await issueStatement(db(), { cooperativeId: oranges.cooperative_id, period: third, holdDays: 7 });
    expect(a3).toMatchObject({ totalFen: -1_918 });

    const shown = (await statementWithLines(db(), { id: a2!.id, cooperativeId: oranges.cooperative_id }))!;
    expect(shown.lines).toEqual([expect.objectContaining({ orderNumber: order.number, kind: "refund", goodsFen: -2_019, commissionFen: -101, payableFen: -1_918 })]);
    // Another cooperative cannot read it.
    expect(await statementWithLines(db(), { id: a2!.id, cooperativeId: honey.cooperative_id })).toBeNull();
    // The honey settles in the second period net of its part of the refund (981): 5,810 − 981 = 4,829,
    // less 5 % (241.45 → 241).
    const b2 = await issueStatement(db(), { cooperativeId: honey.cooperative_id, period: second, holdDays: 7 });
    expect(b2).toMatchObject({ totalFen: 4_829 - 241 });
  });

  it("are issued for every ended period by the job, once", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 5 }] });
    const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    await insertDeliveredShipment(order);
    // Six weeks on, this month has ended and its deliveries are past the hold.
    const later = addDays(chinaToday(), 45);
    expect(await issueDueStatements(db(), { today: later, holdDays: 7 })).toBeGreaterThan(0);
    const statements = await db().selectFrom("statements").select(["total_fen"]).where("cooperative_id", "=", product.cooperative_id).execute();
    expect(statements.map((s) => Number(s.total_fen))).toEqual([9_500]);
    expect(await issueDueStatements(db(), { today: later, holdDays: 7 })).toBe(0);
  });

  it("carry a negative balance across a switch from monthly to weekly", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 20 }] });
    const cooperativeId = product.cooperative_id;
    const variantId = product.variants[0]!.id;
    const today = chinaToday();
    const first = { start: addDays(today, -5), end: addDays(today, 10) };
    // A monthly period that ends on a Wednesday: the week after it began on the Monday before.
    const second = { start: addDays(today, 11), end: addDays(periodOf("weekly", addDays(today, 40)).start, 2) };

    const sold = await placePaidTestOrder(db(), { lines: [{ variantId, quantity: 1 }] });
    await insertDeliveredShipment(sold);
    expect(await issueStatement(db(), { cooperativeId, period: first, holdDays: 7 })).toMatchObject({ totalFen: 9_500 });
    // ¥80.00 of the ¥100.00 refunded after settlement: the next statement is −¥76.00, carried.
    const payment = await db().selectFrom("payments").select("id").where("order_id", "=", sold.id).where("status", "=", "paid").executeTakeFirstOrThrow();
    const refund = await db()
      .insertInto("refunds")
      .values({ order_id: sold.id, payment_id: payment.id, amount_fen: 8_000, reason: "damaged", idempotency_key: `switch-${sold.id}`, status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }));
    expect(await issueStatement(db(), { cooperativeId, period: second, holdDays: 7 })).toMatchObject({ totalFen: -7_600 });

    // A second order, delivered once the monthly statement was out; then the cooperative goes weekly.
    const later = await placePaidTestOrder(db(), { lines: [{ variantId, quantity: 1 }] });
    await insertDeliveredShipment(later);
    await db().updateTable("cooperatives").set({ settlement_period: "weekly" }).where("id", "=", cooperativeId).execute();
    expect(await issueDueStatements(db(), { today: addDays(second.end, 10), holdDays: 7 })).toBeGreaterThan(0);

    const weekly = await db()
      .selectFrom("statements")
      .select(["period_start", "period_end", "opening_fen", "total_fen"])
      .where("cooperative_id", "=", cooperativeId)
      .where("period_start", ">", second.start)
      .orderBy("period_start")
      .execute();
    // The first weekly period starts the day after the monthly one ended, and opens with its −¥76.00.
    expect(weekly.map((s) => ({ ...s, opening_fen: Number(s.opening_fen), total_fen: Number(s.total_fen) }))).toEqual([
      { period_start: addDays(second.end, 1), period_end: addDays(second.end, 4), opening_fen: -7_600, total_fen: 9_500 - 7_600 },
    ]);
  });

  it("settle an adjustment in the first statement whose period ends after it was posted, without the delivery hold", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 5 }] });
    const cooperativeId = product.cooperative_id;
    // An order paid but not delivered: its goods wait, the adjustment does not.
    await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    await postAdjustment(db(), { cooperativeId, amountFen: 1_234, reason: "冷链延误补偿", idempotencyKey: `statements-${cooperativeId}` });
    const today = chinaToday();

    // A period that ended before it was posted does not settle it.
    expect(await issueStatement(db(), { cooperativeId, period: { start: addDays(today, -40), end: addDays(today, -1) }, holdDays: 7 })).toBeNull();
    const issued = await issueStatement(db(), { cooperativeId, period: { start: today, end: addDays(today, 10) }, holdDays: 7 });
    expect(issued).toMatchObject({ totalFen: 1_234 });
    const shown = (await statementWithLines(db(), { id: issued!.id, cooperativeId }))!;
    // Counted with the goods: its other side on the commission account is not commission charged.
    expect(shown.statement).toMatchObject({ opening_fen: 0, goods_fen: 1_234, commission_fen: 0, total_fen: 1_234 });
    expect(shown.lines).toEqual([
      expect.objectContaining({ orderNumber: "", source: "adjustment", kind: "adjustment", reason: "冷链延误补偿", goodsFen: 1_234, commissionFen: 0, payableFen: 1_234 }),
    ]);
    // Settled once.
    expect(await issueStatement(db(), { cooperativeId, period: { start: addDays(today, 11), end: addDays(today, 40) }, holdDays: 7 })).toBeNull();
  });

  it("cannot be changed or deleted once issued, nor their lines", async () => {
    const product = await createProduct(db(), { variants: [{ price_fen: 10_000, stock_on_hand: 5 }] });
    const order = await placePaidTestOrder(db(), { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] });
    await insertDeliveredShipment(order);
    const today = chinaToday();
    const issued = (await issueStatement(db(), { cooperativeId: product.cooperative_id, period: { start: addDays(today, -5), end: addDays(today, 10) }, holdDays: 7 }))!;
    const snapshot = async () => ({
      statement: await db().selectFrom("statements").selectAll().where("id", "=", issued.id).executeTakeFirstOrThrow(),
      lines: await db().selectFrom("statement_entries").selectAll().where("statement_id", "=", issued.id).orderBy("entry_id").execute(),
    });
    const before = await snapshot();
    expect(before.lines).toHaveLength(2);

    await expect(sql`UPDATE statements SET total_fen = total_fen + 100, goods_fen = goods_fen + 100 WHERE id = ${issued.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE statements SET period_end = period_end + 1 WHERE id = ${issued.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM statements WHERE id = ${issued.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE statement_entries SET statement_id = statement_id WHERE statement_id = ${issued.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM statement_entries WHERE statement_id = ${issued.id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE statement_entries`.execute(db())).rejects.toThrow(/append-only/);
    expect(await snapshot()).toEqual(before);
  });
});
