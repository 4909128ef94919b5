import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { ledgerBalances, postPaymentCapture, postRefund, setCommissionRate } from "~/models/ledger.server";
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
});
