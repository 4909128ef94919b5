import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { listStaffBookings } from "~/models/booking-report.server";
import { action as detailAction, loader as detailLoader } from "~/routes/staff.bookings.$number";
import { loader as listLoader } from "~/routes/staff.bookings._index";
import { loader as csvLoader } from "~/routes/staff.bookings[.]csv";
import { startBookingPayment } from "~/services/booking-payments.server";
import { holdExperience, holdStay } from "~/services/bookings.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { db } from "~/utils/db.server";
import { createTestCooperative, createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestExperience, createTestStay, guest, inDays } from "../support/stays";

// The back office's bookings: every cooperative's, filtered and paged, exported as CSV, and a
// staff cancellation that refunds in full. Only staff get in.

const staff = DEMO_ACCOUNTS.staff;
let coopA: { id: number; slug: string };
let coopB: { id: number; slug: string };
const made: Record<string, { id: number; number: string; totalFen: number }> = {};

async function paid(hold: { id: number; accessToken: string; totalFen: number }) {
  const started = await startBookingPayment(db(), { bookingId: hold.id, accessToken: hold.accessToken });
  if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
  const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: hold.totalFen });
  await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
}

beforeAll(async () => {
  // A cooperative whose name a spreadsheet would run as a formula.
  coopA = await createTestCooperative({ nameZh: "=HYPERLINK(\"http://evil.test\",\"点我\")", nameEn: "+Formula Coop" });
  coopB = await createTestCooperative({ nameZh: "武隆山居合作社", nameEn: "Wulong Stays" });
  const stayA = await createTestStay(db(), { cooperativeId: coopA.id });
  const stayB = await createTestStay(db(), { cooperativeId: coopB.id });
  const experienceB = await createTestExperience(db(), { cooperativeId: coopB.id, capacity: 10 });

  const heldA = await holdStay(db(), { ...guest(101), contactName: "=1+1", unitId: stayA.unitId, checkIn: inDays(20), checkOut: inDays(22), guests: 2 });
  if (!heldA.ok) throw new Error(JSON.stringify(heldA));
  made.heldA = heldA.booking;
  const paidA = await holdStay(db(), { ...guest(102), unitId: stayA.unitId, checkIn: inDays(40), checkOut: inDays(43), guests: 1 });
  if (!paidA.ok) throw new Error(JSON.stringify(paidA));
  await paid(paidA.booking);
  made.paidA = paidA.booking;
  const paidB = await holdStay(db(), { ...guest(103), contactMobile: "13987654321", unitId: stayB.unitId, checkIn: inDays(25), checkOut: inDays(26), guests: 2 });
  if (!paidB.ok) throw new Error(JSON.stringify(paidB));
  await paid(paidB.booking);
  made.paidB = paidB.booking;
  const expB = await holdExperience(db(), { ...guest(104), slotId: experienceB.slotId, people: 3 });
  if (!expB.ok) throw new Error(JSON.stringify(expB));
  made.expB = expB.booking;
});

type ListData = { bookings: { number: string; status: string; kind: string; captured_fen: number }[]; next: number | null; params: Record<string, unknown> };

async function list(query: string, email: string = staff) {
  const response = await listLoader({ request: await getRequest(`/staff/bookings${query}`, { email }), params: {}, context: testContext });
  expect(response.status).toBe(200);
  return (await response.json()) as ListData;
}
const numbers = (data: ListData) => data.bookings.map((b) => b.number);

describe("/staff/bookings", () => {
  it("lists every cooperative's bookings newest first, with filters", async () => {
    const all = numbers(await list(""));
    const ours = [made.expB!, made.paidB!, made.paidA!, made.heldA!].map((b) => b.number);
    expect(all.filter((n) => ours.includes(n))).toEqual(ours);

    expect(numbers(await list(`?coop=${coopA.id}`))).toEqual([made.paidA!.number, made.heldA!.number]);
    expect(numbers(await list(`?coop=${coopB.id}&kind=experience`))).toEqual([made.expB!.number]);
    expect(numbers(await list(`?coop=${coopB.id}&kind=stay`))).toEqual([made.paidB!.number]);
    expect(numbers(await list(`?coop=${coopA.id}&status=paid`))).toEqual([made.paidA!.number]);
    expect(numbers(await list(`?coop=${coopA.id}&status=held`))).toEqual([made.heldA!.number]);
    // Arrival range: check-in for stays, the slot's day for experiences (20 days ahead).
    expect(numbers(await list(`?coop=${coopA.id}&from=${inDays(30)}&to=${inDays(45)}`))).toEqual([made.paidA!.number]);
    expect(numbers(await list(`?coop=${coopB.id}&from=${inDays(20)}&to=${inDays(20)}`))).toEqual([made.expB!.number]);
    // Backwards ranges are read the right way round.
    expect(numbers(await list(`?coop=${coopA.id}&from=${inDays(45)}&to=${inDays(30)}`))).toEqual([made.paidA!.number]);
    // Search by number (whole or part) and by mobile (whole, with spaces, or its last digits).
    expect(numbers(await list(`?q=${made.paidB!.number}`))).toEqual([made.paidB!.number]);
    expect(numbers(await list(`?q=${made.paidB!.number.slice(2).toLowerCase()}`))).toEqual([made.paidB!.number]);
    expect(numbers(await list(`?q=${encodeURIComponent("139 8765 4321")}`))).toEqual([made.paidB!.number]);
    expect(numbers(await list(`?coop=${coopB.id}&q=87654321`))).toEqual([made.paidB!.number]);
    // Captured money shows on the row.
    const row = (await list(`?q=${made.paidA!.number}`)).bookings[0]!;
    expect(row.captured_fen).toBe(made.paidA!.totalFen);
  });

  it("pages by keyset without repeats or gaps", async () => {
    const seen: string[] = [];
    let after: number | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await listStaffBookings(db(), { cooperative: coopA.id, limit: 1, after });
      seen.push(...result.rows.map((r) => r.number));
      if (!result.next) break;
      after = result.next;
    }
    expect(seen).toEqual([made.paidA!.number, made.heldA!.number]);
    // Through the page: the cursor of the first page leads to the second.
    const first = await list(`?coop=${coopA.id}`);
    expect(first.next).toBeNull();
  });

  it("ignores bad filter input instead of failing", async () => {
    const result = await list(`?coop=abc&status=bogus&kind=hotel&from=2026-13-45&to=yesterday&cursor=-4&q=${"x".repeat(500)}`);
    expect(result.params.status).toBeUndefined();
    expect(result.params.kind).toBeUndefined();
    expect(result.params.from).toBeUndefined();
    expect(result.params.coop).toBeUndefined();
    expect(result.params.q).toBeUndefined();
    const quoted = await list(`?q=${encodeURIComponent("%' OR 1=1 --")}`);
    expect(quoted.bookings).toEqual([]);
    const csv = await settle(async () => csvLoader({ request: await getRequest("/staff/bookings.csv?from=2026-02-30&coop=-1&status=%00", { email: staff }), params: {}, context: testContext }));
    expect(csv.status).toBe(200);
  });

  it("keeps everyone but staff out", async () => {
    const shopper = DEMO_ACCOUNTS.shopper;
    const host = await createTestUser({ cooperatives: [{ slug: coopA.slug, role: "owner" }] });
    for (const email of [shopper, host.email]) {
      const listed = await settle(async () => listLoader({ request: await getRequest("/staff/bookings", { email }), params: {}, context: testContext }));
      expect(listed.status).toBe(403);
      const csv = await settle(async () => csvLoader({ request: await getRequest("/staff/bookings.csv", { email }), params: {}, context: testContext }));
      expect(csv.status).toBe(403);
      const detail = await settle(async () => detailLoader({ request: await getRequest(`/staff/bookings/${made.paidA!.number}`, { email }), params: { number: made.paidA!.number }, context: testContext }));
      expect(detail.status).toBe(403);
      const cancel = await settle(async () =>
        detailAction({ request: await formRequest(`/staff/bookings/${made.paidA!.number}`, { email, form: { intent: "cancel", reason: "x", confirm: "yes" } }), params: { number: made.paidA!.number }, context: testContext }),
      );
      expect(cancel.status).toBe(403);
    }
    const anonymous = await settle(async () => listLoader({ request: await getRequest("/staff/bookings"), params: {}, context: testContext }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    const anonymousCsv = await settle(async () => csvLoader({ request: await getRequest("/staff/bookings.csv"), params: {}, context: testContext }));
    expect([302, 401, 403]).toContain(anonymousCsv.status);
    // Untouched by all of it.
    const row = await db().selectFrom("bookings").select("status").where("id", "=", made.paidA!.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("paid");
  });
});

describe("/staff/bookings.csv", () => {
  it("exports the filtered bookings with headers, a BOM and formula-safe cells", async () => {
    const response = await csvLoader({ request: await getRequest(`/staff/bookings.csv?coop=${coopA.id}`, { email: staff }), params: {}, context: testContext });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="bookings-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("预订号,类型,状态,合作社,房源 / 体验,房间,入住日期,离店日期,体验时间,人数,客人,手机号,总额（元）,已收（元）,待退（元）,已退（元）,取消方,预订时间,付款时间,取消时间");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(made.paidA!.number);
    expect(lines[2]).toContain(made.heldA!.number);
    // The cooperative's formula-looking name and the guest's "=1+1" start with an apostrophe.
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.test"",""点我"")"`);
    expect(lines[2]).toContain(",'=1+1,");
    expect(text).not.toMatch(/(^|,)=/m);
    expect(lines[1]).toContain(`,${(made.paidA!.totalFen / 100).toFixed(2)},${(made.paidA!.totalFen / 100).toFixed(2)},0.00,0.00,`);
  });

  it("has English headers for an English session and the same filters as the list", async () => {
    const response = await csvLoader({
      request: await getRequest(`/staff/bookings.csv?coop=${coopB.id}&kind=experience&lang=en`, { email: staff }),
      params: {},
      context: testContext,
    });
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Booking number,Type,Status,Cooperative,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(made.expB!.number);
    expect(lines[1]).toContain(",experience,held,");
  });
});

describe("a staff cancellation", () => {
  async function cancel(number: string, form: Record<string, string>) {
    return settle(async () => detailAction({ request: await formRequest(`/staff/bookings/${number}`, { email: staff, form }), params: { number }, context: testContext }));
  }

  it("asks for a reason and a confirmation, and refuses a forged intent", async () => {
    const noConfirm = await cancel(made.paidB!.number, { intent: "cancel", reason: "Host asked" });
    expect(noConfirm.status).toBe(400);
    expect(await noConfirm.json()).toMatchObject({ fieldErrors: { confirm: "errors.confirmRequired" } });
    const noReason = await cancel(made.paidB!.number, { intent: "cancel", reason: "  ", confirm: "yes" });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ fieldErrors: { reason: "errors.reasonRequired" } });
    const forged = await cancel(made.paidB!.number, { intent: "refund", reason: "x", confirm: "yes" });
    expect(forged.status).toBe(400);
    expect((await db().selectFrom("bookings").select("status").where("id", "=", made.paidB!.id).executeTakeFirstOrThrow()).status).toBe("paid");
    // Numbers that are not bookings are a 404, never a 500.
    expect((await cancel("BK000000000000", { intent: "cancel", reason: "x", confirm: "yes" })).status).toBe(404);
    expect((await cancel("'; DROP TABLE bookings", { intent: "cancel", reason: "x", confirm: "yes" })).status).toBe(404);
    const missing = await settle(async () => detailLoader({ request: await getRequest("/staff/bookings/nope", { email: staff }), params: { number: "nope" }, context: testContext }));
    expect(missing.status).toBe(404);
  });

  it("cancels a paid booking with a full refund, audited, and shows it on the booking's page", async () => {
    const booking = made.paidB!;
    const response = await cancel(booking.number, { intent: "cancel", reason: "Flooded road to the village", confirm: "yes" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^/staff/bookings/${booking.number}\\?notice=cancelled&amount=`));
    const row = await db().selectFrom("bookings").selectAll().where("id", "=", booking.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("cancelled");
    expect(row.cancelled_by).toBe("staff");
    expect(Number(row.captured_fen)).toBe(booking.totalFen);
    // The full capture is due back (or, once the provider answered, already refunded).
    expect(Math.max(Number(row.refund_due_fen), Number(row.refunded_fen))).toBe(booking.totalFen);
    const audit = await db().selectFrom("audit_events").selectAll().where("kind", "=", "booking.cancelled").execute();
    const mine = audit.filter((event) => (event.data as Record<string, unknown>).bookingNumber === booking.number);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data).toMatchObject({ reason: "Flooded road to the village", refundFen: booking.totalFen, rule: "host_or_staff" });
    expect(mine[0]!.cooperative_id).toBe(coopB.id);

    const page = await detailLoader({ request: await getRequest(`/staff/bookings/${booking.number}`, { email: staff }), params: { number: booking.number }, context: testContext });
    const data = (await page.json()) as { booking: { status: string }; canCancel: boolean; history: { kind: string }[]; payments: unknown[]; postings: { kind: string }[] };
    expect(data.booking.status).toBe("cancelled");
    expect(data.canCancel).toBe(false);
    expect(data.payments).toHaveLength(1);
    expect(data.postings.map((p) => p.kind)[0]).toBe("payment_captured");
    expect(data.history.map((e) => e.kind)).toEqual(expect.arrayContaining(["held", "payment_started", "paid", "cancelled", "staff_cancelled"]));

    // A second cancellation is refused, not repeated.
    const again = await cancel(booking.number, { intent: "cancel", reason: "again", confirm: "yes" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ formError: "errors.not_cancellable" });
    // It now shows under the cancelled filter.
    expect(numbers(await list(`?coop=${coopB.id}&status=cancelled`))).toEqual([booking.number]);
  });

  it("cancels a held booking without a refund", async () => {
    const response = await cancel(made.heldA!.number, { intent: "cancel", reason: "Duplicate hold", confirm: "yes" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/staff/bookings/${made.heldA!.number}?notice=cancelledUnpaid`);
    const row = await db().selectFrom("bookings").selectAll().where("id", "=", made.heldA!.id).executeTakeFirstOrThrow();
    expect([row.status, Number(row.refund_due_fen)]).toEqual(["cancelled", 0]);
  });
});
