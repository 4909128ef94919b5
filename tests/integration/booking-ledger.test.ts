import { beforeAll, describe, expect, it } from "vitest";
import { commissionRateOn, postBookingCapture } from "~/models/ledger.server";
import { cooperativeShare } from "~/models/ledger-rules";
import { insertBookingRefund } from "~/models/booking-payment.server";
import { issueStatement, statementWithLines } from "~/models/statement.server";
import { withTransaction } from "~/models/transaction.server";
import { startBookingPayment, submitBookingRefund } from "~/services/booking-payments.server";
import { statementCsvResponse } from "~/services/settlements.server";
import { holdStay } from "~/services/bookings.server";
import { createDevWebhook, devPaymentFee, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { createTestStay, firstCooperativeIds, guest } from "../support/stays";

// A booking's money in the settlement ledger: the capture is the cooperative's income (less the
// commission, as for orders), a refund reverses it, and the cooperative's statement shows it as
// a stay booking, never another cooperative's.

let coopA: number;
let coopB: number;

beforeAll(async () => {
  [coopA, coopB] = await firstCooperativeIds(db());
});

/** A stay that ended last week, booked (with the clock of then) and paid now through the dev provider. */
async function paidPastStay(cooperativeId: number, n: number) {
  const then = new Date(Date.now() - 10 * 86_400_000);
  const checkIn = addDays(chinaToday(then), 1);
  const { unitId } = await createTestStay(db(), { cooperativeId });
  const hold = await holdStay(db(), { ...guest(n), unitId, checkIn, checkOut: addDays(checkIn, 2), guests: 2, now: then });
  if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
  const started = await startBookingPayment(db(), { bookingId: hold.booking.id, accessToken: hold.booking.accessToken, now: then });
  if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
  const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: hold.booking.totalFen });
  const event = await devProvider.parseWebhook(webhook.body, webhook.headers);
  const first = await processPaymentEvent(db(), event);
  expect(first.status).toBe("processed");
  return { ...hold.booking, event };
}

async function bookingTransactions(bookingId: number) {
  return db().selectFrom("ledger_transactions").selectAll().where("booking_id", "=", bookingId).orderBy("id").execute();
}

async function bookingBalances(bookingId: number) {
  const rows = await db()
    .selectFrom("ledger_entries as e")
    .innerJoin("ledger_transactions as t", "t.id", "e.transaction_id")
    .select(["e.account", "e.cooperative_id", (eb) => eb.fn.sum<string>("e.amount_fen").as("sum")])
    .where("t.booking_id", "=", bookingId)
    .groupBy(["e.account", "e.cooperative_id"])
    .execute();
  return Object.fromEntries(rows.map((row) => [`${row.account}:${row.cooperative_id ?? "-"}`, Number(row.sum)]));
}

describe("stay bookings in the settlement ledger", () => {
  it("a paid booking posts its cooperative's income once, even when the webhook comes twice", async () => {
    const booking = await paidPastStay(coopA, 11);
    // The same event again (the provider retries), and the same payment under a new event id.
    expect((await processPaymentEvent(db(), booking.event)).status).toBe("duplicate");
    expect((await processPaymentEvent(db(), { ...booking.event, eventId: `${booking.event.eventId}-again` })).status).toBe("processed");
    // And a direct second posting writes nothing.
    const paymentId = (await db().selectFrom("booking_payments").select("id").where("booking_id", "=", booking.id).executeTakeFirstOrThrow()).id;
    expect(await withTransaction(db(), (trx) => postBookingCapture(trx, { bookingId: booking.id, bookingPaymentId: paymentId }))).toBe(false);

    const transactions = await bookingTransactions(booking.id);
    expect(transactions.map((t) => [t.kind, t.idempotency_key, t.order_id, t.booking_payment_id])).toEqual([
      ["payment_captured", `booking-capture:${booking.id}`, null, paymentId],
    ]);
    const rate = await commissionRateOn(db(), coopA, chinaToday());
    const share = cooperativeShare(booking.totalFen, rate);
    // The provider's fee comes out of the clearing account, not out of the cooperative's share.
    expect(await bookingBalances(booking.id)).toEqual({
      "provider_clearing:-": booking.totalFen - devPaymentFee(booking.totalFen),
      "payment_fees:-": devPaymentFee(booking.totalFen),
      [`cooperative_payable:${coopA}`]: -share.payableFen,
      [`commission_income:${coopA}`]: -share.commissionFen,
    });
  });

  it("a refund posts a reversal once; a full refund brings the booking's accounts back to zero", async () => {
    const booking = await paidPastStay(coopA, 12);
    const payment = await db().selectFrom("booking_payments").selectAll().where("booking_id", "=", booking.id).executeTakeFirstOrThrow();
    const part = Math.floor(booking.totalFen / 4);
    const first = await withTransaction(db(), (trx) =>
      insertBookingRefund(trx, { bookingId: booking.id, bookingPaymentId: payment.id, amountFen: part, reason: "test", idempotencyKey: `ledger-test-a:${booking.id}` }),
    );
    await submitBookingRefund(db(), first.id);
    await submitBookingRefund(db(), first.id); // settled already: nothing more
    expect((await bookingTransactions(booking.id)).map((t) => [t.kind, t.booking_refund_id])).toEqual([
      ["payment_captured", null],
      ["refund", first.id],
    ]);
    const fee = devPaymentFee(booking.totalFen);
    expect((await bookingBalances(booking.id))["provider_clearing:-"]).toBe(booking.totalFen - part - fee);

    const rest = await withTransaction(db(), (trx) =>
      insertBookingRefund(trx, { bookingId: booking.id, bookingPaymentId: payment.id, amountFen: booking.totalFen - part, reason: "test", idempotencyKey: `ledger-test-b:${booking.id}` }),
    );
    await submitBookingRefund(db(), rest.id);
    // All but the fee, which the provider keeps on a refunded payment.
    const { "provider_clearing:-": clearing, "payment_fees:-": fees, ...others } = await bookingBalances(booking.id);
    expect([clearing, fees]).toEqual([-fee, fee]);
    expect(Object.values(others).every((sum) => sum === 0)).toBe(true);
    expect(await bookingTransactions(booking.id)).toHaveLength(3);
  });

  it("money that came and went back at once (a second payment) is no one's income", async () => {
    const booking = await paidPastStay(coopA, 13);
    // A refund on an attempt whose capture was never posted (as for a duplicate payment) posts nothing.
    const other = await db()
      .insertInto("booking_payments")
      .values({ booking_id: booking.id, provider: "dev", provider_session_id: `dev_bk_${booking.id}_9`, attempt: 9, amount_fen: booking.totalFen, captured_fen: booking.totalFen, status: "paid", checkout_url: "/x", expires_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db().updateTable("booking_payments").set({ provider_payment_id: `dev_pi_other_${booking.id}` }).where("id", "=", other.id).execute();
    const refund = await withTransaction(db(), (trx) =>
      insertBookingRefund(trx, { bookingId: booking.id, bookingPaymentId: other.id, amountFen: booking.totalFen, reason: "duplicate_payment", idempotencyKey: `ledger-test-dup:${booking.id}` }),
    );
    await submitBookingRefund(db(), refund.id);
    expect((await db().selectFrom("booking_refunds").select("status").where("id", "=", refund.id).executeTakeFirstOrThrow()).status).toBe("succeeded");
    expect((await bookingTransactions(booking.id)).map((t) => t.kind)).toEqual(["payment_captured"]);
  });

  it("the cooperative's statement for the period has the booking as a stay booking; another cooperative's does not", async () => {
    const own = await paidPastStay(coopA, 14);
    const others = await paidPastStay(coopB, 15);
    const today = chinaToday();
    const start = `${today.slice(0, 7)}-01`;
    const nextMonth = new Date(`${start}T00:00:00Z`);
    nextMonth.setUTCMonth(nextMonth.getUTCMonth() + 1);
    const period = { start, end: addDays(nextMonth.toISOString().slice(0, 10), -1) };

    const statementA = await issueStatement(db(), { cooperativeId: coopA, period, holdDays: 7 });
    const statementB = await issueStatement(db(), { cooperativeId: coopB, period, holdDays: 7 });
    expect(statementA).not.toBeNull();
    expect(statementB).not.toBeNull();
    const linesA = (await statementWithLines(db(), { id: statementA!.id, cooperativeId: coopA }))!.lines;
    const linesB = (await statementWithLines(db(), { id: statementB!.id, cooperativeId: coopB }))!.lines;

    const rate = await commissionRateOn(db(), coopA, today);
    const share = cooperativeShare(own.totalFen, rate);
    expect(linesA.filter((line) => line.orderNumber === own.number)).toEqual([
      expect.objectContaining({ source: "booking", kind: "booking_captured", goodsFen: own.totalFen, commissionFen: share.commissionFen, payableFen: share.payableFen }),
    ]);
    expect(linesA.some((line) => line.orderNumber === others.number)).toBe(false);
    expect(linesB.some((line) => line.orderNumber === own.number)).toBe(false);
    expect(linesB.filter((line) => line.orderNumber === others.number)).toHaveLength(1);
    // The cooperative's CSV of the statement (what its accountant reads) names it a stay booking.
    const csv = await (await statementCsvResponse(db(), { id: statementA!.id, cooperativeId: coopA }))!.text();
    const bookingLine = csv.split("\r\n").find((line) => line.startsWith(own.number));
    expect(bookingLine).toMatch(new RegExp(`^${own.number},住宿预订,`));
    expect(csv).not.toContain(others.number);
    // Another cooperative cannot read the statement at all.
    expect(await statementWithLines(db(), { id: statementA!.id, cooperativeId: coopB })).toBeNull();
  });

  it("a booking whose stay has not ended waits for a later statement", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopB });
    const checkIn = addDays(chinaToday(), 60);
    const hold = await holdStay(db(), { ...guest(16), unitId, checkIn, checkOut: addDays(checkIn, 1), guests: 1 });
    if (!hold.ok) throw new Error(JSON.stringify(hold));
    const started = await startBookingPayment(db(), { bookingId: hold.booking.id, accessToken: hold.booking.accessToken });
    if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
    const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: hold.booking.totalFen });
    await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
    expect(await bookingTransactions(hold.booking.id)).toHaveLength(1);
    const period = { start: "2099-01-01", end: "2099-01-31" };
    // A period ending before the stay: not settled. (The far period only checks the rule.)
    const early = { start: addDays(chinaToday(), -1), end: addDays(checkIn, -1) };
    const statement = await issueStatement(db(), { cooperativeId: coopB, period: early, holdDays: 0 });
    const lines = statement ? (await statementWithLines(db(), { id: statement.id, cooperativeId: coopB }))!.lines : [];
    expect(lines.some((line) => line.orderNumber === hold.booking.number)).toBe(false);
    const later = await issueStatement(db(), { cooperativeId: coopB, period, holdDays: 0 });
    const laterLines = later ? (await statementWithLines(db(), { id: later.id, cooperativeId: coopB }))!.lines : [];
    expect(laterLines.some((line) => line.orderNumber === hold.booking.number)).toBe(true);
  });
});
