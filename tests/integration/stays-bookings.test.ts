import { beforeAll, describe, expect, it } from "vitest";
import { findAvailableUnits, getBookingForLink, getBookingByNumberAndMobile, insertStayHold, markArrival, unitNightStates } from "~/models/booking.server";
import { addRate, closeNights, getUnit, listUnits, publishListing, reopenNights, updateListing, updateUnit } from "~/models/stay.server";
import { withTransaction } from "~/models/transaction.server";
import { cancelBooking, expireBookingHolds, holdExperience, holdStay, recordBookingPayment } from "~/services/bookings.server";
import { db } from "~/utils/db.server";
import { createTestExperience, createTestStay, firstCooperativeIds, guest, inDays } from "../support/stays";

let coopA: number;
let coopB: number;

beforeAll(async () => {
  [coopA, coopB] = await firstCooperativeIds(db());
});

async function liveBookingsOf(unitId: number) {
  return db().selectFrom("bookings").select(["id", "status"]).where("unit_id", "=", unitId).where("status", "in", ["held", "paid", "checked_in"]).execute();
}

async function lapse(bookingId: number) {
  await db().updateTable("bookings").set({ hold_expires_at: new Date(Date.now() - 60_000) }).where("id", "=", bookingId).execute();
}

async function slotBooked(slotId: number) {
  return (await db().selectFrom("experience_slots").select("booked").where("id", "=", slotId).executeTakeFirstOrThrow()).booked;
}

function mustHold<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`hold refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe("stay holds", () => {
  it("50 guests racing for the same night: exactly one hold, the rest are told the dates are taken", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => holdStay(db(), { ...guest(i), unitId, checkIn: inDays(10), checkOut: inDays(11), guests: 2 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(49);
    expect(refused.every((r) => !r.ok && r.code === "dates_taken")).toBe(true);
    expect(await liveBookingsOf(unitId)).toHaveLength(1);
  });

  it("stays that touch at check-out/check-in both hold; one sharing a night does not", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const first = await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(20), checkOut: inDays(22), guests: 2 });
    const second = await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(22), checkOut: inDays(24), guests: 1 });
    const before = await holdStay(db(), { ...guest(3), unitId, checkIn: inDays(18), checkOut: inDays(20), guests: 1 });
    expect([first.ok, second.ok, before.ok]).toEqual([true, true, true]);
    expect(await holdStay(db(), { ...guest(4), unitId, checkIn: inDays(21), checkOut: inDays(23), guests: 1 })).toEqual({ ok: false, code: "dates_taken" });
    expect(await holdStay(db(), { ...guest(5), unitId, checkIn: inDays(19), checkOut: inDays(25), guests: 1 })).toEqual({ ok: false, code: "dates_taken" });
    expect(await liveBookingsOf(unitId)).toHaveLength(3);
  });

  it("the database refuses an overlap by itself, even past the service's unit lock", async () => {
    const { unitId, listingId } = await createTestStay(db(), { cooperativeId: coopA });
    const common = {
      ...guest(7),
      holdKey: null,
      cooperativeId: coopA,
      listingId,
      unitId,
      guests: 1,
      nights: [],
      totalFen: 100,
      holdExpiresAt: new Date(Date.now() + 600_000),
      cancelFreeDays: 1,
      cancelLateRefundPercent: 0,
    };
    const a = await withTransaction(db(), (trx) => insertStayHold(trx, { ...common, checkIn: inDays(30), checkOut: inDays(33) }));
    // Inside one transaction: the refusal leaves it usable (a savepoint), and the touching stay still goes in.
    const [b, c] = await withTransaction(db(), async (trx) => [
      await insertStayHold(trx, { ...common, checkIn: inDays(32), checkOut: inDays(34) }),
      await insertStayHold(trx, { ...common, checkIn: inDays(33), checkOut: inDays(34) }),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toEqual({ ok: false, code: "dates_taken" });
    expect(c.ok).toBe(true);
  });

  it("racing inserts with no lock at all: the constraint alone lets exactly one through", async () => {
    const { unitId, listingId } = await createTestStay(db(), { cooperativeId: coopA });
    const insert = (i: number) =>
      withTransaction(db(), (trx) =>
        insertStayHold(trx, {
          ...guest(i),
          holdKey: null,
          cooperativeId: coopA,
          listingId,
          unitId,
          guests: 1,
          nights: [],
          totalFen: 100,
          holdExpiresAt: new Date(Date.now() + 600_000),
          cancelFreeDays: 1,
          cancelLateRefundPercent: 0,
          checkIn: inDays(35),
          checkOut: inDays(37),
        }),
      );
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => insert(i)));
    const answered = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    expect(answered.filter((r) => r.ok)).toHaveLength(1);
    expect(answered.filter((r) => !r.ok).every((r) => !r.ok && r.code === "dates_taken")).toBe(true);
    // PostgreSQL may break a wait cycle between two such inserts as a deadlock; the service retries those.
    for (const s of settled) if (s.status === "rejected") expect((s.reason as { code?: string }).code).toBe("40P01");
    expect(await liveBookingsOf(unitId)).toHaveLength(1);
  });

  it("an expired or cancelled hold frees its nights, swept or not, exactly once", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const range = { unitId, checkIn: inDays(40), checkOut: inDays(42), guests: 2 };
    const lapsed = mustHold(await holdStay(db(), { ...guest(1), ...range }));
    await lapse(lapsed.booking.id);
    // Not swept yet: the next guest's hold expires it on the way.
    const next = mustHold(await holdStay(db(), { ...guest(2), ...range }));
    expect(await liveBookingsOf(unitId)).toEqual([{ id: next.booking.id, status: "held" }]);

    await lapse(next.booking.id);
    const swept = await Promise.all([expireBookingHolds(db()), expireBookingHolds(db())]);
    expect(swept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const statuses = await db().selectFrom("bookings").select(["id", "status"]).where("unit_id", "=", unitId).orderBy("id").execute();
    expect(statuses.map((s) => s.status)).toEqual(["expired", "expired"]);

    const third = mustHold(await holdStay(db(), { ...guest(3), ...range }));
    expect(await cancelBooking(db(), { bookingId: third.booking.id, by: "guest" })).toEqual({ ok: true, refundFen: 0, rule: "unpaid" });
    expect((await holdStay(db(), { ...guest(4), ...range })).ok).toBe(true);
  });

  it("prices from the unit's rates, refuses closed nights, too many guests, a too-short stay and a draft listing", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA, unit: { base_price_fen: 20_000, weekend_price_fen: null, capacity: 3 } });
    expect((await addRate(db(), { cooperativeId: coopA, unitId, fields: { label_zh: "国庆", starts_on: inDays(50), ends_on: inDays(53), price_fen: 50_000, min_nights: 2 } })).ok).toBe(true);
    // Rates never overlap: the constraint refuses, as a field error.
    expect(await addRate(db(), { cooperativeId: coopA, unitId, fields: { label_zh: "重叠", starts_on: inDays(52), ends_on: inDays(55), price_fen: 1 } })).toEqual({ ok: false, errors: { starts_on: "rateOverlaps" } });

    const held = mustHold(await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(52), checkOut: inDays(54), guests: 3 }));
    expect(held.booking.totalFen).toBe(50_000 + 20_000);
    expect(held.booking.nights.map((n) => n.source)).toEqual(["rate", "base"]);
    const stored = await db().selectFrom("bookings").select(["total_fen", "nights"]).where("id", "=", held.booking.id).executeTakeFirstOrThrow();
    expect(stored.total_fen).toBe(70_000);
    expect(stored.nights).toEqual([
      { night: inDays(52), priceFen: 50_000, source: "rate" },
      { night: inDays(53), priceFen: 20_000, source: "base" },
    ]);

    expect(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(50), checkOut: inDays(51), guests: 1 })).toEqual({ ok: false, code: "too_short", minNights: 2 });
    expect(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(60), checkOut: inDays(61), guests: 4 })).toEqual({ ok: false, code: "too_many_guests", capacity: 3 });
    await closeNights(db(), { cooperativeId: coopA, unitId, nights: [inDays(61)] });
    expect(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(60), checkOut: inDays(63), guests: 1 })).toEqual({ ok: false, code: "closed", nights: [inDays(61)] });
    expect(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(-2), checkOut: inDays(1), guests: 1 })).toEqual({ ok: false, code: "in_the_past" });
    expect(await holdStay(db(), { ...guest(2), unitId, checkIn: "2026-02-30", checkOut: inDays(1), guests: 1 })).toEqual({ ok: false, code: "invalid_dates" });
    expect(await holdStay(db(), { ...guest(2), contactMobile: "12345", unitId, checkIn: inDays(70), checkOut: inDays(71), guests: 1 })).toEqual({
      ok: false,
      code: "invalid_contact",
      field: "contactMobile",
    });
    const draft = await createTestStay(db(), { cooperativeId: coopA, published: false });
    expect(await holdStay(db(), { ...guest(2), unitId: draft.unitId, checkIn: inDays(70), checkOut: inDays(71), guests: 1 })).toEqual({ ok: false, code: "not_found" });
  });

  it("the same form submitted twice makes one hold", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const input = { ...guest(1), unitId, checkIn: inDays(80), checkOut: inDays(81), guests: 1, holdKey: "form-key-1234567890" };
    const [a, b] = await Promise.all([holdStay(db(), input), holdStay(db(), input)]);
    const held = [a, b].filter((r) => r.ok);
    expect(held).toHaveLength(1);
    const other = [a, b].find((r) => !r.ok);
    expect(other).toMatchObject({ ok: false, code: "duplicate_hold" });
    expect(await liveBookingsOf(unitId)).toHaveLength(1);
  });
});

describe("payment and cancellation", () => {
  it("a paid stay cancelled by the guest in the free window is due back in full and frees the nights", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA, listing: { cancel_free_days: 3, cancel_late_refund_percent: 50 } });
    const held = mustHold(await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(30), checkOut: inDays(32), guests: 2 }));
    expect(await recordBookingPayment(db(), { bookingId: held.booking.id, capturedFen: held.booking.totalFen })).toBe("paid");
    expect(await recordBookingPayment(db(), { bookingId: held.booking.id, capturedFen: held.booking.totalFen })).toBe("already_paid");
    expect(await cancelBooking(db(), { bookingId: held.booking.id, by: "guest" })).toEqual({ ok: true, refundFen: 57_600, rule: "free_window" });
    expect(await cancelBooking(db(), { bookingId: held.booking.id, by: "guest" })).toEqual({ ok: false, code: "not_cancellable" });
    const row = await db().selectFrom("bookings").select(["status", "captured_fen", "refund_due_fen", "cancelled_by"]).where("id", "=", held.booking.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "cancelled", captured_fen: 57_600, refund_due_fen: 57_600, cancelled_by: "guest" });
    expect((await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(30), checkOut: inDays(32), guests: 2 })).ok).toBe(true);
  });

  it("a late guest cancellation refunds the percentage; the host's refunds everything; another cooperative cannot cancel", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA, listing: { cancel_free_days: 7, cancel_late_refund_percent: 30 } });
    const late = mustHold(await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(2), checkOut: inDays(3), guests: 1 }));
    await recordBookingPayment(db(), { bookingId: late.booking.id, capturedFen: late.booking.totalFen });
    expect(await cancelBooking(db(), { bookingId: late.booking.id, by: "guest" })).toEqual({ ok: true, refundFen: Math.floor(28_800 * 0.3), rule: "late" });

    const hosted = mustHold(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(1), checkOut: inDays(2), guests: 1 }));
    await recordBookingPayment(db(), { bookingId: hosted.booking.id, capturedFen: hosted.booking.totalFen });
    expect(await cancelBooking(db(), { bookingId: hosted.booking.id, by: "host", cooperativeId: coopB })).toEqual({ ok: false, code: "not_found" });
    expect(await markArrival(db(), { cooperativeId: coopB, bookingId: hosted.booking.id, to: "no_show" })).toBe(false);
    expect(await cancelBooking(db(), { bookingId: hosted.booking.id, by: "host", cooperativeId: coopA })).toEqual({ ok: true, refundFen: 28_800, rule: "host_or_staff" });
  });

  it("money arriving after the hold lapsed revives the booking if the nights are free, else says they are taken", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const slow = mustHold(await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(90), checkOut: inDays(91), guests: 1 }));
    await lapse(slow.booking.id);
    await expireBookingHolds(db());
    expect(await recordBookingPayment(db(), { bookingId: slow.booking.id, capturedFen: slow.booking.totalFen })).toBe("paid");

    const late = mustHold(await holdStay(db(), { ...guest(2), unitId, checkIn: inDays(95), checkOut: inDays(97), guests: 1 }));
    await lapse(late.booking.id);
    mustHold(await holdStay(db(), { ...guest(3), unitId, checkIn: inDays(96), checkOut: inDays(97), guests: 1 }));
    expect(await recordBookingPayment(db(), { bookingId: late.booking.id, capturedFen: late.booking.totalFen })).toBe("dates_taken");
    const row = await db().selectFrom("bookings").select(["status", "captured_fen"]).where("id", "=", late.booking.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "expired", captured_fen: 0 });
  });

  it("the host marks a paid booking checked in, once", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const held = mustHold(await holdStay(db(), { ...guest(1), unitId, checkIn: inDays(0), checkOut: inDays(1), guests: 1 }));
    expect(await markArrival(db(), { cooperativeId: coopA, bookingId: held.booking.id, to: "checked_in" })).toBe(false);
    await recordBookingPayment(db(), { bookingId: held.booking.id, capturedFen: held.booking.totalFen });
    expect(await markArrival(db(), { cooperativeId: coopA, bookingId: held.booking.id, to: "checked_in" })).toBe(true);
    expect(await markArrival(db(), { cooperativeId: coopA, bookingId: held.booking.id, to: "no_show" })).toBe(false);
  });
});

describe("experience slots", () => {
  it("30 guests racing for 10 places: exactly 10 holds, and expiry gives the places back once", async () => {
    const { slotId } = await createTestExperience(db(), { cooperativeId: coopA, capacity: 10 });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => holdExperience(db(), { ...guest(i), slotId, people: 1 })));
    const held = results.filter((r) => r.ok);
    expect(held).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "sold_out")).toBe(true);
    expect(await slotBooked(slotId)).toBe(10);

    const lapsed = held.slice(0, 4).map((r) => (r.ok ? r.booking.id : 0));
    await db().updateTable("bookings").set({ hold_expires_at: new Date(Date.now() - 60_000) }).where("id", "in", lapsed).execute();
    await Promise.all([expireBookingHolds(db()), expireBookingHolds(db()), expireBookingHolds(db())]);
    expect(await slotBooked(slotId)).toBe(6);
    expect(await holdExperience(db(), { ...guest(50), slotId, people: 5 })).toEqual({ ok: false, code: "sold_out" });
    expect((await holdExperience(db(), { ...guest(51), slotId, people: 4 })).ok).toBe(true);
    expect(await slotBooked(slotId)).toBe(10);
  });

  it("a cancelled experience booking gives its places back; a slot of another listing kind is not found", async () => {
    const { slotId } = await createTestExperience(db(), { cooperativeId: coopA, capacity: 3, priceFen: 5_000 });
    const held = mustHold(await holdExperience(db(), { ...guest(1), slotId, people: 3 }));
    expect(held.booking.totalFen).toBe(15_000);
    expect(await slotBooked(slotId)).toBe(3);
    await recordBookingPayment(db(), { bookingId: held.booking.id, capturedFen: 15_000 });
    expect(await cancelBooking(db(), { bookingId: held.booking.id, by: "staff" })).toEqual({ ok: true, refundFen: 15_000, rule: "host_or_staff" });
    expect(await slotBooked(slotId)).toBe(0);
    expect(await holdExperience(db(), { ...guest(2), slotId: 999_999_999, people: 1 })).toEqual({ ok: false, code: "not_found" });
  });
});

describe("finding and showing", () => {
  it("lists only units free for every night, with keyset paging", async () => {
    const county = `测试县${Date.now()}`;
    const stays = [];
    for (let i = 0; i < 3; i++) stays.push(await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: county } }));
    const [free, booked, closed] = stays as [(typeof stays)[0], (typeof stays)[0], (typeof stays)[0]];
    mustHold(await holdStay(db(), { ...guest(1), unitId: booked.unitId, checkIn: inDays(101), checkOut: inDays(102), guests: 1 }));
    await closeNights(db(), { cooperativeId: coopA, unitId: closed.unitId, nights: [inDays(100)] });
    const search = (after?: number) => findAvailableUnits(db(), { checkIn: inDays(100), checkOut: inDays(102), guests: 2, nights: 2, now: new Date(), countyZh: county, after, limit: 1 });
    const page = await search();
    expect(page).toMatchObject({ units: [{ unitId: free.unitId }], hasMore: false });
    // Touching the booked stay (leaving the day it starts) is free; three guests fit nowhere.
    const touching = await findAvailableUnits(db(), { checkIn: inDays(99), checkOut: inDays(101), guests: 1, nights: 2, now: new Date(), countyZh: county, limit: 10 });
    expect(touching.units.map((u) => u.unitId)).toEqual([free.unitId, booked.unitId]);
    const first = await findAvailableUnits(db(), { checkIn: inDays(99), checkOut: inDays(100), guests: 1, nights: 1, now: new Date(), countyZh: county, limit: 2 });
    expect(first.hasMore).toBe(true);
    const second = await findAvailableUnits(db(), { checkIn: inDays(99), checkOut: inDays(100), guests: 1, nights: 1, now: new Date(), countyZh: county, limit: 2, after: first.units.at(-1)!.unitId });
    expect([...first.units, ...second.units].map((u) => u.unitId)).toEqual(stays.map((s) => s.unitId));
    expect(second.hasMore).toBe(false);
    expect((await findAvailableUnits(db(), { checkIn: inDays(99), checkOut: inDays(100), guests: 3, nights: 1, now: new Date(), countyZh: county, limit: 10 })).units).toEqual([]);

    const states = await unitNightStates(db(), { unitId: booked.unitId, from: inDays(100), to: inDays(103), now: new Date() });
    expect(states).toEqual([
      { night: inDays(100), state: "free" },
      { night: inDays(101), state: "held" },
      { night: inDays(102), state: "free" },
    ]);
    expect(await closeNights(db(), { cooperativeId: coopA, unitId: booked.unitId, nights: [inDays(101), inDays(102)] })).toEqual({ closed: 1, booked: [inDays(101)] });
    expect(await reopenNights(db(), { cooperativeId: coopA, unitId: booked.unitId, nights: [inDays(102)] })).toBe(1);
  });

  it("a booking is found by its link token or by number and mobile, and by nothing else", async () => {
    const { unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const held = mustHold(await holdStay(db(), { ...guest(9), contactMobile: "+86 138-0000-0009", unitId, checkIn: inDays(110), checkOut: inDays(112), guests: 1 }));
    const { number, accessToken } = held.booking;
    expect(await getBookingForLink(db(), { number, token: accessToken })).toMatchObject({ number, checkIn: inDays(110), checkOut: inDays(112), contactMobile: "13800000009" });
    expect(await getBookingForLink(db(), { number, token: accessToken.slice(1) })).toBeUndefined();
    expect(await getBookingForLink(db(), { number, token: null })).toBeUndefined();
    const stored = await db().selectFrom("bookings").select("access_token_hash").where("id", "=", held.booking.id).executeTakeFirstOrThrow();
    expect(stored.access_token_hash).not.toContain(accessToken);
    expect(await getBookingByNumberAndMobile(db(), { number, mobile: "138 0000 0009" })).toMatchObject({ number });
    expect(await getBookingByNumberAndMobile(db(), { number, mobile: "13800000008" })).toBeUndefined();
  });
});

describe("tenant isolation", () => {
  it("another cooperative's listing, unit and rates answer 404 and stay unchanged", async () => {
    const { listingId, unitId } = await createTestStay(db(), { cooperativeId: coopA });
    const status = async (work: Promise<unknown>) => {
      try {
        await work;
        return "done";
      } catch (error) {
        if (error instanceof Response) return error.status;
        throw error;
      }
    };
    expect(await status(updateListing(db(), { cooperativeId: coopB, listingId, fields: { name_zh: "被改" } }))).toBe(404);
    expect(await status(updateUnit(db(), { cooperativeId: coopB, unitId, fields: { base_price_fen: 1 } }))).toBe(404);
    expect(await status(closeNights(db(), { cooperativeId: coopB, unitId, nights: [inDays(5)] }))).toBe(404);
    expect(await status(addRate(db(), { cooperativeId: coopB, unitId, fields: { label_zh: "x", starts_on: inDays(5), ends_on: inDays(6), price_fen: 1 } }))).toBe(404);
    expect(await status(publishListing(db(), { cooperativeId: coopB, listingId }))).toBe(404);
    expect(await getUnit(db(), { cooperativeId: coopB, unitId })).toBeUndefined();
    expect(await listUnits(db(), { cooperativeId: coopB, listingId })).toEqual([]);
    expect(await getUnit(db(), { cooperativeId: coopA, unitId })).toMatchObject({ base_price_fen: 28_800 });
    const listing = await db().selectFrom("stay_listings").select("name_zh").where("id", "=", listingId).executeTakeFirstOrThrow();
    expect(listing.name_zh).toBe("山间小院");
  });

  it("a listing that claims 'organic' without a verified certificate is not published", async () => {
    const { listingId } = await createTestStay(db(), { cooperativeId: coopB, published: false, listing: { description_zh: "有机果园里的农家乐" } });
    const certified = await db()
      .selectFrom("certifications")
      .select("id")
      .where("cooperative_id", "=", coopB)
      .where("type", "=", "organic")
      .where("status", "=", "verified")
      .where("expires_on", ">=", inDays(0))
      .executeTakeFirst();
    const result = await publishListing(db(), { cooperativeId: coopB, listingId });
    if (certified) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, errors: { form: "unmetClaims" }, unmetClaims: [{ type: "organic", word: "有机" }] });
  });
});
