import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as devPayAction, loader as devPayLoader } from "~/routes/pay.dev.booking.$bookingId";
import { action as stripeWebhook } from "~/routes/webhooks.stripe";
import { composeOutboxMail } from "~/services/mail/messages.server";
import { bookingCalendarFile } from "~/services/booking-guest.server";
import { startBookingPayment } from "~/services/booking-payments.server";
import { cancelBooking, holdStay } from "~/services/bookings.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { db } from "~/utils/db.server";
import { testContext } from "../support/auth";
import { createTestStay, firstCooperativeIds, guest, inDays } from "../support/stays";
import { signedWebhook, useStripeDouble, type StripeDouble } from "../support/stripe-double";

let coopA: number;

beforeAll(async () => {
  [coopA] = await firstCooperativeIds(db());
});

async function heldStay(n: number, nights = 2) {
  const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
  const hold = await holdStay(db(), { ...guest(n), email: `guest${n}@example.test`, unitId, checkIn: inDays(30), checkOut: inDays(30 + nights), guests: 2 });
  if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
  return { unitId, ...hold.booking };
}

async function bookingRow(id: number) {
  return db().selectFrom("bookings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}
async function attempts(bookingId: number) {
  return db().selectFrom("booking_payments").selectAll().where("booking_id", "=", bookingId).orderBy("attempt").execute();
}
async function confirmations(bookingId: number) {
  return db().selectFrom("outbox").selectAll().where("dedupe_key", "=", `booking-confirmation:${bookingId}`).execute();
}

async function devOutcome(sessionId: string, type: "dev.payment.approved" | "dev.payment.declined" | "dev.session.expired", amountFen: number) {
  const webhook = createDevWebhook({ sessionId, type, amountFen });
  return processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
}

describe("paying a booking with the dev provider", () => {
  it("hold → start payment → approve: paid, captured in full, one confirmation even when the event repeats", async () => {
    const booking = await heldStay(1);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    expect(started.url).toBe(`/pay/dev/booking/${booking.id}?${new URLSearchParams({ token: booking.accessToken, session: `dev_bk_${booking.id}_1` })}`);
    // Asking again while the attempt is open gives the same page, not a second attempt.
    expect(await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken })).toEqual(started);
    expect(await attempts(booking.id)).toHaveLength(1);

    const first = await devOutcome(started.sessionId!, "dev.payment.approved", booking.totalFen);
    expect(first).toMatchObject({ status: "processed", orderId: null, bookingId: booking.id, bookingRefundIds: [] });
    const again = await devOutcome(started.sessionId!, "dev.payment.approved", booking.totalFen);
    expect(again.status).toBe("duplicate");

    const row = await bookingRow(booking.id);
    expect(row.status).toBe("paid");
    expect(Number(row.captured_fen)).toBe(booking.totalFen);
    expect((await attempts(booking.id)).map((a) => [a.status, Number(a.captured_fen)])).toEqual([["paid", booking.totalFen]]);
    const mail = await confirmations(booking.id);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.kind).toBe("email.booking_confirmation");
    expect(mail[0]!.payload).toMatchObject({ bookingId: booking.id, to: "guest1@example.test" });
    // The confirmation as sent: the booking's facts and its calendar file.
    const message = await composeOutboxMail(db(), { id: mail[0]!.id, kind: mail[0]!.kind, payload: mail[0]!.payload as Record<string, unknown> });
    expect(message.to).toBe("guest1@example.test");
    expect(message.subject).toBe(`预订 ${booking.number} 已确认`);
    expect(message.text).toContain(`入住 ${inDays(30)}，离店 ${inDays(32)}`);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments![0]!.filename).toBe(`${booking.number}.ics`);
    expect(message.attachments![0]!.content).toContain(`DTSTART;VALUE=DATE:${inDays(30).replaceAll("-", "")}`);
    expect(message.attachments![0]!.content).toContain(`DTEND;VALUE=DATE:${inDays(32).replaceAll("-", "")}`);
    // The same file the booking page offers for download: where to go, not only what.
    const download = await bookingCalendarFile(db(), { number: booking.number, token: booking.accessToken, locale: "zh" });
    const withoutStamp = (ics: string) => ics.replace(/^DTSTAMP:.*$/m, "");
    expect(withoutStamp(String(message.attachments![0]!.content))).toBe(withoutStamp(download!.ics));
    expect(download!.ics).toMatch(/LOCATION:.+/);
    // A paid booking has nothing more to pay.
    expect(await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken })).toEqual({ ok: false, code: "not_payable" });
  });

  it("a wrong link token starts nothing", async () => {
    const booking = await heldStay(2);
    expect(await startBookingPayment(db(), { bookingId: booking.id, accessToken: "not-the-token" })).toEqual({ ok: false, code: "not_found" });
    expect(await attempts(booking.id)).toHaveLength(0);
  });

  it("a decline keeps the hold until it expires; the next try is a new attempt", async () => {
    const booking = await heldStay(3);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    await devOutcome(started.sessionId!, "dev.payment.declined", booking.totalFen);
    expect((await bookingRow(booking.id)).status).toBe("held");
    expect((await attempts(booking.id)).map((a) => a.status)).toEqual(["failed"]);
    const retry = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    expect(retry).toMatchObject({ ok: true, sessionId: `dev_bk_${booking.id}_2` });
    // The last open session expiring ends the hold; its nights are free again.
    await devOutcome(`dev_bk_${booking.id}_1`, "dev.session.expired", booking.totalFen);
    expect((await bookingRow(booking.id)).status).toBe("held");
    await devOutcome(`dev_bk_${booking.id}_2`, "dev.session.expired", booking.totalFen);
    expect((await bookingRow(booking.id)).status).toBe("expired");
    expect(await confirmations(booking.id)).toHaveLength(0);
  });

  it("money arriving after the nights went to someone else goes back in full, and the other guest keeps them", async () => {
    const booking = await heldStay(4);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    await db().updateTable("bookings").set({ hold_expires_at: new Date(Date.now() - 60_000) }).where("id", "=", booking.id).execute();
    const other = await holdStay(db(), { ...guest(5), unitId: booking.unitId, checkIn: inDays(31), checkOut: inDays(32), guests: 1 });
    expect(other.ok).toBe(true);

    const result = await devOutcome(started.sessionId!, "dev.payment.approved", booking.totalFen);
    expect(result.bookingRefundIds).toHaveLength(1);
    expect((await bookingRow(booking.id)).status).toBe("expired");
    const [attempt] = await attempts(booking.id);
    expect(attempt).toMatchObject({ status: "paid", flagged_reason: "booking_nights_taken" });
    expect(Number(attempt!.refunded_fen)).toBe(booking.totalFen);
    const refunds = await db().selectFrom("booking_refunds").selectAll().where("booking_id", "=", booking.id).execute();
    expect(refunds.map((r) => [Number(r.amount_fen), r.status])).toEqual([[booking.totalFen, "succeeded"]]);
    expect(await confirmations(booking.id)).toHaveLength(0);
    // Repeating the event refunds nothing more.
    expect((await devOutcome(started.sessionId!, "dev.payment.approved", booking.totalFen)).status).toBe("duplicate");
    expect(await db().selectFrom("booking_refunds").selectAll().where("booking_id", "=", booking.id).execute()).toHaveLength(1);
  });
});

describe("money that does not fit the booking", () => {
  it("a payment for a booking the guest cancelled meanwhile, or of another amount, goes back in full", async () => {
    const cancelled = await heldStay(11);
    const first = await startBookingPayment(db(), { bookingId: cancelled.id, accessToken: cancelled.accessToken });
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(await cancelBooking(db(), { bookingId: cancelled.id, by: "guest" })).toMatchObject({ ok: true, refundFen: 0 });
    expect((await devOutcome(first.sessionId!, "dev.payment.approved", cancelled.totalFen)).bookingRefundIds).toHaveLength(1);
    expect((await bookingRow(cancelled.id)).status).toBe("cancelled");
    expect((await attempts(cancelled.id))[0]).toMatchObject({ flagged_reason: "payment_after_cancellation" });

    const short = await heldStay(12);
    const second = await startBookingPayment(db(), { bookingId: short.id, accessToken: short.accessToken });
    if (!second.ok) throw new Error(JSON.stringify(second));
    expect((await devOutcome(second.sessionId!, "dev.payment.approved", short.totalFen - 1)).bookingRefundIds).toHaveLength(1);
    expect((await bookingRow(short.id)).status).toBe("held");
    const [attempt] = await attempts(short.id);
    expect(attempt).toMatchObject({ flagged_reason: "payment_amount_mismatch" });
    expect(Number(attempt!.refunded_fen)).toBe(short.totalFen - 1);
    expect(await confirmations(cancelled.id)).toHaveLength(0);
    expect(await confirmations(short.id)).toHaveLength(0);
  });
});

describe("/pay/dev/booking/:bookingId", () => {
  async function status(promise: Promise<unknown>) {
    try {
      return ((await promise) as Response).status;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }

  it("shows the test page to the link holder only, and approving pays the booking through the event processing", async () => {
    const booking = await heldStay(9);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const url = `http://localhost${started.url}`;
    expect(await status(devPayLoader({ request: new Request(url), params: { bookingId: String(booking.id) }, context: testContext }))).toBe(200);
    // Another booking's id, a wrong token, another session: all 404, nothing paid.
    const other = await heldStay(10);
    expect(await status(devPayLoader({ request: new Request(url), params: { bookingId: String(other.id) }, context: testContext }))).toBe(404);
    const wrongToken = `http://localhost/pay/dev/booking/${booking.id}?${new URLSearchParams({ token: "x", session: started.sessionId! })}`;
    expect(await status(devPayLoader({ request: new Request(wrongToken), params: { bookingId: String(booking.id) }, context: testContext }))).toBe(404);

    const form = new URLSearchParams({ token: booking.accessToken, session: started.sessionId!, decision: "approve" });
    const answer = (await devPayAction({
      request: new Request(url, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      params: { bookingId: String(booking.id) },
      context: testContext,
    })) as Response;
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`/bookings/${booking.number}?${new URLSearchParams({ token: booking.accessToken, payment: "paid" })}`);
    expect((await bookingRow(booking.id)).status).toBe("paid");
    expect((await bookingRow(other.id)).status).toBe("held");
  });
});

describe("paying a booking through Stripe Checkout", () => {
  let double: StripeDouble;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ double, stop } = await useStripeDouble());
  });
  afterAll(async () => {
    await stop();
  });

  async function deliver(delivery: { body: string; headers: Record<string, string> }) {
    const request = new Request("http://localhost/webhooks/stripe", { method: "POST", headers: delivery.headers, body: delivery.body });
    return (await stripeWebhook({ request, params: {}, context: testContext })) as Response;
  }

  it("creates a session naming the booking, ending with the hold; checkout.session.completed marks it paid once", async () => {
    const booking = await heldStay(6);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const session = double.sessions.get(started.sessionId!)!;
    const row = await bookingRow(booking.id);
    expect(session.client_reference_id).toBe(`booking:${booking.id}`);
    expect(session.metadata).toMatchObject({ booking: `booking:${booking.id}`, booking_number: booking.number });
    expect(session.amount_total).toBe(booking.totalFen);
    expect(session.expires_at).toBe(Math.floor(row.hold_expires_at.getTime() / 1000));
    expect(session.success_url).toContain(`/bookings/${booking.number}?`);
    const create = double.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST" && r.params.client_reference_id === `booking:${booking.id}`);
    expect(create?.headers["idempotency-key"]).toBe(`checkout-session:booking-${booking.id}:attempt-1`);

    const delivery = signedWebhook(double.event("checkout.session.completed", double.pay(started.sessionId!)));
    const responses = await Promise.all([deliver(delivery), deliver(delivery), deliver(delivery)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await bookingRow(booking.id)).status).toBe("paid");
    expect(await confirmations(booking.id)).toHaveLength(1);
  });

  it("a late payment for nights taken meanwhile is refunded in full through Stripe", async () => {
    const booking = await heldStay(7);
    const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: booking.accessToken });
    if (!started.ok) throw new Error(JSON.stringify(started));
    await db().updateTable("bookings").set({ hold_expires_at: new Date(Date.now() - 60_000) }).where("id", "=", booking.id).execute();
    expect((await holdStay(db(), { ...guest(8), unitId: booking.unitId, checkIn: inDays(30), checkOut: inDays(31), guests: 1 })).ok).toBe(true);

    const paid = double.pay(started.sessionId!);
    expect((await deliver(signedWebhook(double.event("checkout.session.completed", paid)))).status).toBe(200);
    expect(double.refunds.filter((r) => r.payment_intent === paid.payment_intent).map((r) => r.amount)).toEqual([booking.totalFen]);
    const refunds = await db().selectFrom("booking_refunds").selectAll().where("booking_id", "=", booking.id).execute();
    expect(refunds.map((r) => Number(r.amount_fen))).toEqual([booking.totalFen]);
    expect((await bookingRow(booking.id)).status).toBe("expired");
    expect(await confirmations(booking.id)).toHaveLength(0);
    // Stripe's charge.refunded for it is a booking's, not an unknown order's.
    expect((await deliver(signedWebhook(double.event("charge.refunded", double.charge(started.sessionId!))))).status).toBe(200);
  });
});
