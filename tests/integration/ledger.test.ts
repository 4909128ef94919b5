import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { ledgerBalances, postAdjustment, postPaymentCapture, postRefund, recentAdjustments, setCommissionRate } from "~/models/ledger.server";
import { devPaymentFee } from "~/services/payments/dev.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { placePaidTestOrder } from "../support/checkout";

// The journal against a real database: postings balance to the fen, are written once per event,
// and can be neither changed nor deleted.

async function paidOrderOverTwoCooperatives() {
  const oranges = await createProduct(db(), { variants: [{ price_fen: 5_980, stock_on_hand: 20 }] });
  const honey = await createProduct(db(), { variants: [{ price_fen: 5_810, stock_on_hand: 20 }] });
  await setCommissionRate(db(), { cooperativeId: honey.cooperative_id, rateBp: 800, effectiveFrom: chinaToday(), setBy: null });
  const order = await placePaidTestOrder(db(), {
    lines: [
      { variantId: oranges.variants[0]!.id, quantity: 2 },
      { variantId: honey.variants[0]!.id, quantity: 1 },
    ],
  });
  const payment = await db().selectFrom("payments").select(["id", "captured_fen"]).where("order_id", "=", order.id).where("status", "=", "paid").executeTakeFirstOrThrow();
  const row = await db().selectFrom("orders").select(["shipping_fen", "total_fen"]).where("id", "=", order.id).executeTakeFirstOrThrow();
  return { order, payment, shippingFen: row.shipping_fen, totalFen: row.total_fen, oranges, honey };
}

const balance = (balances: Awaited<ReturnType<typeof ledgerBalances>>, account: string, cooperativeId: number | null = null) =>
  balances.find((b) => b.account === account && b.cooperativeId === cooperativeId)?.balanceFen ?? 0;

describe("ledger", () => {
  it("posts a capture and a partial refund across two cooperatives to the fen, once each", async () => {
    const { order, payment, shippingFen, totalFen, oranges, honey } = await paidOrderOverTwoCooperatives();
    expect(payment.captured_fen).toBe(totalFen);
    await db().transaction().execute((trx) => postPaymentCapture(trx, { paymentId: payment.id }));
    // A second posting of the same capture writes nothing.
    expect(await db().transaction().execute((trx) => postPaymentCapture(trx, { paymentId: payment.id }))).toBe(false);

    let balances = await ledgerBalances(db(), { orderId: order.id });
    // Paid through the dev provider, which keeps 0.6 %.
    const fee = devPaymentFee(totalFen);
    expect(balance(balances, "provider_clearing")).toBe(totalFen - fee);
    expect(balance(balances, "payment_fees")).toBe(fee);
    // Oranges: ¥119.60 at 5 % → ¥5.98 commission; honey: ¥58.10 at 8 % → ¥4.648 → ¥4.65.
    expect(balance(balances, "cooperative_payable", oranges.cooperative_id)).toBe(-(11_960 - 598));
    expect(balance(balances, "commission_income", oranges.cooperative_id)).toBe(-598);
    expect(balance(balances, "cooperative_payable", honey.cooperative_id)).toBe(-(5_810 - 465));
    expect(balance(balances, "commission_income", honey.cooperative_id)).toBe(-465);
    expect(balance(balances, "shipping_income")).toBe(0 - shippingFen);

    // A refund of ¥30.00, spread over what each part has left.
    const refund = await db()
      .insertInto("refunds")
      .values({ order_id: order.id, payment_id: payment.id, amount_fen: 3_000, reason: "damaged", idempotency_key: `ledger-${order.id}`, status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }));
    expect(await db().transaction().execute((trx) => postRefund(trx, { refundId: refund.id }))).toBe(false);
    balances = await ledgerBalances(db(), { orderId: order.id });
    expect(balance(balances, "provider_clearing")).toBe(totalFen - 3_000 - fee);
    const owed = balances.filter((b) => b.account !== "provider_clearing" && b.account !== "payment_fees").reduce((sum, b) => sum + b.balanceFen, 0);
    expect(owed).toBe(-(totalFen - 3_000));
    expect(-balance(balances, "cooperative_payable", oranges.cooperative_id)).toBeLessThan(11_960 - 598);
    expect(-balance(balances, "cooperative_payable", honey.cooperative_id)).toBeLessThan(5_810 - 465);
  });

  it("refuses an unbalanced transaction, and any change or deletion of an entry", async () => {
    const { id } = await db()
      .insertInto("ledger_transactions")
      .values({ kind: "adjustment", idempotency_key: `unbalanced-${Date.now()}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      db().transaction().execute(async (trx) => {
        const t = await trx.insertInto("ledger_transactions").values({ kind: "adjustment", idempotency_key: `unbalanced-b-${Date.now()}` }).returning("id").executeTakeFirstOrThrow();
        await trx.insertInto("ledger_entries").values({ transaction_id: t.id, account: "provider_clearing", cooperative_id: null, amount_fen: 100, rate_bp: null }).execute();
      }),
    ).rejects.toThrow(/does not balance/);

    const { payment } = await paidOrderOverTwoCooperatives();
    await db().transaction().execute((trx) => postPaymentCapture(trx, { paymentId: payment.id }));
    await expect(sql`UPDATE ledger_entries SET amount_fen = amount_fen + 1`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_entries`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_transactions WHERE id = ${id}`.execute(db())).rejects.toThrow(/append-only/);
  });

  it("posts an adjustment to a cooperative's payable against its commission, balanced, once, and corrects it with another", async () => {
    const product = await createProduct(db());
    const cooperativeId = product.cooperative_id;
    const entriesOf = async (key: string) =>
      db()
        .selectFrom("ledger_entries as e")
        .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
        .select(["t.kind", "t.memo", "e.account", "e.cooperative_id", "e.amount_fen", "e.rate_bp"])
        .where("t.idempotency_key", "=", `adjustment:${key}`)
        .orderBy("e.id")
        .execute();
    const key = `compensation-${cooperativeId}`;

    // ¥50.00 owed on top: the payable is credited, the shop's commission from it debited.
    expect(await postAdjustment(db(), { cooperativeId, amountFen: 5_000, reason: " 快递丢件补偿 ", idempotencyKey: key })).toBe(true);
    expect(await postAdjustment(db(), { cooperativeId, amountFen: 5_000, reason: "快递丢件补偿", idempotencyKey: key })).toBe(false);
    expect(await entriesOf(key)).toEqual([
      { kind: "adjustment", memo: "快递丢件补偿", account: "cooperative_payable", cooperative_id: cooperativeId, amount_fen: -5_000, rate_bp: null },
      { kind: "adjustment", memo: "快递丢件补偿", account: "commission_income", cooperative_id: cooperativeId, amount_fen: 5_000, rate_bp: null },
    ]);
    let balances = await ledgerBalances(db());
    expect(balance(balances, "cooperative_payable", cooperativeId)).toBe(-5_000);
    expect(balance(balances, "commission_income", cooperativeId)).toBe(5_000);

    // ¥20.00 of it was a mistake: corrected by a charge back, never by an edit.
    expect(await postAdjustment(db(), { cooperativeId, amountFen: -2_000, reason: "更正：补偿多记 20 元", idempotencyKey: `${key}-fix` })).toBe(true);
    expect((await entriesOf(`${key}-fix`)).map((e) => [e.account, e.amount_fen])).toEqual([
      ["cooperative_payable", 2_000],
      ["commission_income", -2_000],
    ]);
    balances = await ledgerBalances(db());
    expect(balance(balances, "cooperative_payable", cooperativeId)).toBe(-3_000);
    expect(balances.reduce((sum, b) => sum + b.balanceFen, 0)).toBe(0);
    expect((await recentAdjustments(db())).filter((a) => a.cooperativeId === cooperativeId)).toEqual([
      expect.objectContaining({ amountFen: -2_000, reason: "更正：补偿多记 20 元", statementNumber: null }),
      expect.objectContaining({ amountFen: 5_000, reason: "快递丢件补偿", statementNumber: null }),
    ]);

    await expect(postAdjustment(db(), { cooperativeId, amountFen: 0, reason: "nothing", idempotencyKey: `${key}-zero` })).rejects.toThrow(RangeError);
    await expect(postAdjustment(db(), { cooperativeId, amountFen: 100, reason: "  ", idempotencyKey: `${key}-blank` })).rejects.toThrow(/reason/);
    await expect(sql`UPDATE ledger_transactions SET memo = 'changed' WHERE kind = 'adjustment'`.execute(db())).rejects.toThrow(/append-only/);
  });
});
