import { beforeAll, describe, expect, it } from "vitest";
import { loader as bookingsLoader, action as bookingsAction } from "~/routes/coop.bookings";
import { loader as listLoader } from "~/routes/coop.stays._index";
import { action as newAction } from "~/routes/coop.stays.new";
import { action as stayAction, loader as stayLoader } from "~/routes/coop.stays.$id";
import { action as imagesAction, loader as imagesLoader } from "~/routes/coop.stays.$id_.images";
import { holdExperience, holdStay, recordBookingPayment } from "~/services/bookings.server";
import { markGuestArrival } from "~/services/host-bookings.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { formRequest } from "../support/auth";
import { createTestExperience, createTestStay, guest } from "../support/stays";
import { HTML_AS_JPEG, multipartRequest, tinyJpeg, useTemporaryUploadsDir } from "../support/uploads";
import { body, call, FENGJIE, fengjieId, load, post, WUSHAN, type Handler } from "./coop-support";

// The host side of stays: listings with the claims guard, units, date rates, closed nights,
// slots, photos and the month calendar through the route actions and loaders; the bookings
// page (arrivals, checked in, host cancellation with a full refund); and that a cooperative
// never reads or changes another's listing, unit, rate, slot or booking.

useTemporaryUploadsDir();

let fengjie: number;

beforeAll(async () => {
  fengjie = await fengjieId();
});

/** POSTs urlencoded pairs (a name may repeat, like a group of checkboxes). */
async function postPairs(handler: Handler, url: string, email: string, pairs: [string, string][], params: Record<string, string> = {}) {
  const base = await formRequest(url, { email, form: {} });
  return call(handler, new Request(base.url, { method: "POST", headers: base.headers, body: new URLSearchParams(pairs).toString() }), params);
}

const listingForm = (overrides: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    kind: "stay",
    name_zh: "三峡橙园小院",
    name_en: "Three Gorges orchard courtyard",
    county_zh: "奉节县",
    county_en: "Fengjie",
    village_zh: "安坪镇",
    access_kind: "rail",
    access_point_zh: "奉节站",
    access_distance_km: "18.5",
    check_in_from: "14:00",
    check_out_until: "12:00",
    host_phone: "138 2345 6789",
    cancel_free_days: "3",
    cancel_late_refund_percent: "50",
    ...overrides,
  });

async function createViaRoute(overrides: Record<string, string> = {}, extra: [string, string][] = [], email = FENGJIE) {
  const response = await postPairs(newAction, "/coop/stays/new", email, [...listingForm(overrides), ...extra]);
  expect(response.status).toBe(302);
  const match = /^\/coop\/stays\/(\d+)\?notice=created$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return Number(match![1]);
}

const listingRow = (id: number) => db().selectFrom("stay_listings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const stayUrl = (id: number) => `/coop/stays/${id}`;
const idParams = (id: number) => ({ id: String(id) });

async function stayPost(id: number, form: Record<string, string>, email = FENGJIE) {
  return post(stayAction, stayUrl(id), email, form, idParams(id));
}

type StayPage = {
  listing: { status: string; amenities: string[] };
  units: { id: number; name_zh: string; base_price_fen: number; rates: { id: number; label_zh: string; starts_on: string; ends_on: string }[] }[];
  slots: { id: number; capacity: number; booked: number }[];
  unmetClaims: { type: string; word: string }[];
  calendar: { unitId: number | null; month: string; nights: { night: string; state: string }[] };
};

async function stayPage(id: number, query = "", email = FENGJIE) {
  const response = await load(stayLoader, `${stayUrl(id)}${query}`, email, idParams(id));
  expect(response.status).toBe(200);
  return body<StayPage>(response);
}

async function paidStay(cooperativeId: number, checkIn: string, nights = 2, n = 1) {
  const { listingId, unitId } = await createTestStay(db(), { cooperativeId, unit: { capacity: 4 } });
  const hold = await holdStay(db(), { ...guest(n), specialRequests: "晚上九点到，带一位老人", unitId, checkIn, checkOut: addDays(checkIn, nights), guests: 3 });
  if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
  expect(await recordBookingPayment(db(), { bookingId: hold.booking.id, capturedFen: hold.booking.totalFen })).toBe("paid");
  return { listingId, unitId, booking: hold.booking };
}

describe("listings: create, edit, publish, with the claims guard", () => {
  it("creates a draft stay with its amenities and shows it in the list", async () => {
    const id = await createViaRoute({}, [
      ["amenities", "wifi"],
      ["amenities", "farm_meals"],
      ["amenities", "wifi"],
    ]);
    const row = await listingRow(id);
    expect(row).toMatchObject({ cooperative_id: fengjie, kind: "stay", status: "draft", name_zh: "三峡橙园小院", host_phone: "13823456789", access_kind: "rail", check_in_from: "14:00" });
    expect(row.amenities).toEqual(["wifi", "farm_meals"]);
    expect(Number(row.access_distance_km)).toBe(18.5);
    expect(row.slug).toMatch(/^three-gorges-orchard-courtyard-[a-f0-9]{6}$/);

    const list = await body<{ listings: { id: number; status: string }[] }>(await load(listLoader, "/coop/stays", FENGJIE));
    expect(list.listings).toContainEqual(expect.objectContaining({ id, status: "draft" }));
    const other = await body<{ listings: { id: number }[] }>(await load(listLoader, "/coop/stays", WUSHAN));
    expect(other.listings.map((l) => l.id)).not.toContain(id);
  });

  it("refuses bad input with 400 and the field named, never a 500, and writes nothing", async () => {
    const before = await db().selectFrom("stay_listings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const cases: [Record<string, string>, string, string][] = [
      [{ name_zh: "" }, "name_zh", "required"],
      [{ kind: "castle" }, "kind", "choose"],
      [{ host_phone: "12345" }, "host_phone", "phoneFormat"],
      [{ access_distance_km: "" }, "access_distance_km", "distanceNeeded"],
      [{ access_distance_km: "far" }, "access_distance_km", "distanceFormat"],
      [{ check_in_from: "25:00" }, "check_in_from", "timeFormat"],
      [{ cancel_late_refund_percent: "150" }, "cancel_late_refund_percent", "numberTooLarge"],
      [{ cancel_free_days: "-1" }, "cancel_free_days", "wholeNumber"],
      [{ kind: "experience" }, "duration_minutes", "durationNeeded"],
      [{ slug: "Not A Slug!" }, "slug", "slugFormat"],
      [{ name_zh: "长".repeat(121) }, "name_zh", "tooLong"],
    ];
    for (const [overrides, fieldName, error] of cases) {
      const response = await postPairs(newAction, "/coop/stays/new", FENGJIE, listingForm(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      const data = await body<{ errors: Record<string, string> }>(response);
      expect(data.errors[fieldName], JSON.stringify(overrides)).toBe(error);
    }
    const bogusAmenity = await postPairs(newAction, "/coop/stays/new", FENGJIE, [...listingForm(), ["amenities", "helipad"]]);
    expect(bogusAmenity.status).toBe(400);
    const after = await db().selectFrom("stay_listings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("refuses to publish an unproven 有机 claim, says which, and publishes once the text is honest", async () => {
    const id = await createViaRoute({ name_zh: "有机橙园民宿", name_en: "" });
    const page = await stayPage(id);
    expect(page.unmetClaims).toEqual([expect.objectContaining({ type: "organic", word: "有机" })]);

    const refused = await stayPost(id, { intent: "status", to: "published" });
    expect(refused.status).toBe(400);
    const data = await body<{ errors: Record<string, string>; unmetClaims: { type: string }[] }>(refused);
    expect(data.errors.form).toBe("unmetClaims");
    expect(data.unmetClaims.map((c) => c.type)).toEqual(["organic"]);
    expect((await listingRow(id)).status).toBe("draft");

    const row = await listingRow(id);
    const save = (name_zh: string) =>
      stayPost(id, {
        intent: "save",
        ...Object.fromEntries(listingForm({ name_zh })),
        slug: row.slug,
        cancel_free_days: "5",
      });
    expect((await save("橙园民宿")).status).toBe(302);
    expect(await listingRow(id)).toMatchObject({ name_zh: "橙园民宿", cancel_free_days: 5, kind: "stay" });

    const published = await stayPost(id, { intent: "status", to: "published" });
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toBe(`${stayUrl(id)}?notice=published`);
    expect((await listingRow(id)).status).toBe("published");

    // A published listing cannot take the claim back in.
    const edit = await save("有机橙园民宿");
    expect(edit.status).toBe(400);
    expect((await body<{ unmetClaims: unknown[] }>(edit)).unmetClaims).toHaveLength(1);
    expect((await listingRow(id)).name_zh).toBe("橙园民宿");

    expect((await stayPost(id, { intent: "status", to: "draft" })).headers.get("Location")).toBe(`${stayUrl(id)}?notice=unpublished`);
    expect((await stayPost(id, { intent: "status", to: "archived" })).headers.get("Location")).toBe(`${stayUrl(id)}?notice=archived`);
    // Archived → published is not one of the offered changes.
    expect((await stayPost(id, { intent: "status", to: "published" })).status).toBe(400);
    expect((await stayPost(id, { intent: "status", to: "draft" })).headers.get("Location")).toBe(`${stayUrl(id)}?notice=restored`);
  });
});

describe("units, rates, closed nights and the calendar", () => {
  let listingId: number;
  let unitId: number;

  it("adds and edits a unit; bad prices and capacities are 400", async () => {
    listingId = await createViaRoute();
    const added = await stayPost(listingId, { intent: "unit-add", name_zh: "观景大床房", capacity: "2", base_price: "288", weekend_price: "368.50", min_nights: "1", active: "on" });
    expect(added.status).toBe(302);
    const page = await stayPage(listingId);
    expect(page.units).toHaveLength(1);
    unitId = page.units[0]!.id;
    expect(await db().selectFrom("stay_units").selectAll().where("id", "=", unitId).executeTakeFirstOrThrow()).toMatchObject({
      base_price_fen: 28_800,
      weekend_price_fen: 36_850,
      capacity: 2,
      active: true,
    });

    const saved = await stayPost(listingId, { intent: "unit-save", unit_id: String(unitId), name_zh: "观景大床房", capacity: "3", base_price: "¥320", weekend_price: "", min_nights: "2" });
    expect(saved.status).toBe(302);
    expect(await db().selectFrom("stay_units").selectAll().where("id", "=", unitId).executeTakeFirstOrThrow()).toMatchObject({
      base_price_fen: 32_000,
      weekend_price_fen: null,
      capacity: 3,
      min_nights: 2,
      active: false,
    });

    for (const bad of [{ capacity: "0" }, { capacity: "51" }, { base_price: "abc" }, { base_price: "0" }, { min_nights: "2.5" }]) {
      const response = await stayPost(listingId, { intent: "unit-add", name_zh: "房", capacity: "2", base_price: "100", min_nights: "1", ...bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await stayPage(listingId)).units).toHaveLength(1);
    await stayPost(listingId, { intent: "unit-save", unit_id: String(unitId), name_zh: "观景大床房", capacity: "3", base_price: "320", min_nights: "1", active: "on" });
  });

  it("adds a Spring Festival rate, refuses an overlapping one, removes it", async () => {
    const rate = { intent: "rate-add", unit_id: String(unitId), label_zh: "春节", label_en: "Spring Festival", first_night: "2027-02-05", last_night: "2027-02-11", price: "588" };
    expect((await stayPost(listingId, rate)).status).toBe(302);
    let page = await stayPage(listingId);
    expect(page.units[0]!.rates).toEqual([expect.objectContaining({ label_zh: "春节", starts_on: "2027-02-05", ends_on: "2027-02-12" })]);

    const overlapping = await stayPost(listingId, { ...rate, label_zh: "元宵", first_night: "2027-02-11", last_night: "2027-02-13" });
    expect(overlapping.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(overlapping)).errors.first_night).toBe("rateOverlaps");
    const backwards = await stayPost(listingId, { ...rate, first_night: "2027-10-07", last_night: "2027-10-01" });
    expect((await body<{ errors: Record<string, string> }>(backwards)).errors.last_night).toBe("lastBeforeFirst");
    const impossible = await stayPost(listingId, { ...rate, first_night: "2027-02-30", last_night: "2027-03-01" });
    expect(impossible.status).toBe(400);

    const rateId = page.units[0]!.rates[0]!.id;
    expect((await stayPost(listingId, { intent: "rate-delete", rate_id: String(rateId) })).status).toBe(302);
    page = await stayPage(listingId);
    expect(page.units[0]!.rates).toEqual([]);
  });

  it("closes and reopens nights, and the calendar shows free, closed, held and booked", async () => {
    await stayPost(listingId, { intent: "status", to: "published" });
    const month = addDays(chinaToday(), 40).slice(0, 7);
    const first = `${month}-10`;
    const closed = await stayPost(listingId, { intent: "close", unit_id: String(unitId), first_night: first, last_night: `${month}-11` });
    expect(closed.status).toBe(302);
    expect(closed.headers.get("Location")).toBe(`${stayUrl(listingId)}?notice=nightsClosed&unit=${unitId}&month=${month}#calendar`);

    // A paid booking of the 14th–16th, a live hold of the 20th.
    const paid = await holdStay(db(), { ...guest(7), unitId, checkIn: `${month}-14`, checkOut: `${month}-16`, guests: 2 });
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    await recordBookingPayment(db(), { bookingId: paid.booking.id, capturedFen: paid.booking.totalFen });
    const held = await holdStay(db(), { ...guest(8), unitId, checkIn: `${month}-20`, checkOut: `${month}-21`, guests: 1 });
    expect(held.ok).toBe(true);

    const page = await stayPage(listingId, `?unit=${unitId}&month=${month}`);
    const state = (day: string) => page.calendar.nights.find((n) => n.night === `${month}-${day}`)?.state;
    expect(page.calendar).toMatchObject({ unitId, month });
    expect(page.calendar.nights[0]!.night).toBe(`${month}-01`);
    expect([state("09"), state("10"), state("11"), state("12")]).toEqual(["free", "closed", "closed", "free"]);
    expect([state("14"), state("15"), state("16")]).toEqual(["booked", "booked", "free"]);
    expect(state("20")).toBe("held");

    // Closing a range with booked and held nights is refused, the nights named, nothing closed.
    const refused = await stayPost(listingId, { intent: "close", unit_id: String(unitId), first_night: `${month}-13`, last_night: `${month}-20` });
    expect(refused.status).toBe(400);
    const data = await body<{ bookedNights: string[] }>(refused);
    expect(data.bookedNights).toEqual([`${month}-14`, `${month}-15`, `${month}-20`]);
    expect(await db().selectFrom("stay_closed_nights").select("night").where("unit_id", "=", unitId).orderBy("night").execute()).toEqual([
      { night: `${month}-10` },
      { night: `${month}-11` },
    ]);

    expect((await stayPost(listingId, { intent: "reopen", unit_id: String(unitId), first_night: `${month}-11`, last_night: `${month}-11` })).status).toBe(302);
    const after = await stayPage(listingId, `?unit=${unitId}&month=${month}`);
    expect(after.calendar.nights.filter((n) => n.state === "closed").map((n) => n.night)).toEqual([`${month}-10`]);

    // Nonsense in the query falls back to the defaults rather than failing.
    const odd = await stayPage(listingId, "?month=2026-13&unit=");
    expect(odd.calendar.month).toBe(chinaToday().slice(0, 7));
    expect((await stayPost(listingId, { intent: "close", unit_id: String(unitId), first_night: "2027-01-01", last_night: "2029-01-01" })).status).toBe(400);
  });
});

describe("experience slots", () => {
  it("adds a slot, changes its places, never below those booked", async () => {
    const id = await createViaRoute({ kind: "experience", name_zh: "采摘脐橙", duration_minutes: "120", min_age: "6", included_zh: "一筐橙子" }, [["amenities", "parking"]]);
    // Editing an experience changes its own fields and leaves those its form does not show.
    const { slug } = await listingRow(id);
    const { kind: _kind, ...fields } = Object.fromEntries(listingForm({ duration_minutes: "150", included_zh: "一筐橙子和午饭" }));
    expect((await stayPost(id, { intent: "save", ...fields, slug, min_age: "6" })).status).toBe(302);
    expect(await listingRow(id)).toMatchObject({ kind: "experience", duration_minutes: 150, included_zh: "一筐橙子和午饭", min_age: 6, amenities: ["parking"], check_in_from: "14:00" });
    expect((await stayPost(id, { intent: "save", ...fields, slug, duration_minutes: "" })).status).toBe(400);
    const day = addDays(chinaToday(), 10);
    expect((await stayPost(id, { intent: "slot-add", starts_on: day, starts_time: "09:30", capacity: "12", price: "68" })).status).toBe(302);
    const duplicate = await stayPost(id, { intent: "slot-add", starts_on: day, starts_time: "09:30", capacity: "12", price: "68" });
    expect((await body<{ errors: Record<string, string> }>(duplicate)).errors.starts_time).toBe("duplicate");
    const past = await stayPost(id, { intent: "slot-add", starts_on: "2020-01-01", starts_time: "09:30", capacity: "12", price: "68" });
    expect((await body<{ errors: Record<string, string> }>(past)).errors.starts_on).toBe("slotInPast");
    // A unit is a stay's, not an experience's.
    expect((await stayPost(id, { intent: "unit-add", name_zh: "房", capacity: "2", base_price: "100", min_nights: "1" })).status).toBe(400);

    let page = await stayPage(id);
    const slot = page.slots[0]!;
    expect(slot).toMatchObject({ capacity: 12, booked: 0 });
    expect(new Date((slot as unknown as { starts_at: string }).starts_at).toISOString()).toBe(new Date(`${day}T09:30:00+08:00`).toISOString());

    await stayPost(id, { intent: "status", to: "published" });
    const hold = await holdExperience(db(), { ...guest(9), slotId: slot.id, people: 5 });
    expect(hold.ok).toBe(true);
    const below = await stayPost(id, { intent: "slot-capacity", slot_id: String(slot.id), capacity: "4" });
    expect(below.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(below)).errors.capacity).toBe("belowBooked");
    expect((await stayPost(id, { intent: "slot-capacity", slot_id: String(slot.id), capacity: "5" })).status).toBe(302);
    page = await stayPage(id);
    expect(page.slots[0]).toMatchObject({ capacity: 5, booked: 5 });
  });
});

describe("photos", () => {
  it("stores a picture through the pipeline and refuses a file that is not one", async () => {
    const id = await createViaRoute();
    const url = `/coop/stays/${id}/images`;
    const upload = async (bytes: Uint8Array, fields: Record<string, string>, email = FENGJIE) =>
      call(imagesAction, await multipartRequest(url, { email, fields, files: [{ name: "file", filename: "yard.jpg", contentType: "image/jpeg", bytes }], filesFirst: true }), idParams(id));

    const refused = await upload(HTML_AS_JPEG, { alt_zh: "院子", alt_en: "" });
    expect(refused.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(refused)).errors.file).toMatch(/^upload\./);
    expect(await db().selectFrom("stay_images").selectAll().where("listing_id", "=", id).execute()).toEqual([]);

    const added = await upload(await tinyJpeg(), { alt_zh: "院子里的橙树", alt_en: "" });
    expect(added.status).toBe(302);
    const rows = await db().selectFrom("stay_images").selectAll().where("listing_id", "=", id).execute();
    expect(rows).toEqual([expect.objectContaining({ alt_zh: "院子里的橙树", alt_en: "院子里的橙树", position: 0 })]);

    const page = await body<{ images: unknown[] }>(await load(imagesLoader, url, FENGJIE, idParams(id)));
    expect(page.images).toHaveLength(1);
    // Wushan can neither see nor add to Fengjie's photos.
    expect((await load(imagesLoader, url, WUSHAN, idParams(id))).status).toBe(404);
    expect((await upload(await tinyJpeg(), { alt_zh: "别人的", alt_en: "" }, WUSHAN)).status).toBe(404);
    expect((await post(imagesAction, url, WUSHAN, { intent: "remove", image_id: String(rows[0]!.id) }, idParams(id))).status).toBe(404);
    expect(await db().selectFrom("stay_images").select("id").where("listing_id", "=", id).execute()).toHaveLength(1);
  });
});

describe("tenant isolation", () => {
  it("Wushan's member cannot read or change Fengjie's listing, unit, rate, slot or booking by id", async () => {
    const stay = await createTestStay(db(), { cooperativeId: fengjie });
    const month = addDays(chinaToday(), 50).slice(0, 7);
    await stayPost(stay.listingId, { intent: "rate-add", unit_id: String(stay.unitId), label_zh: "国庆", first_night: `${month}-01`, last_night: `${month}-07`, price: "499" });
    const rate = await db().selectFrom("stay_rates").selectAll().where("unit_id", "=", stay.unitId).executeTakeFirstOrThrow();
    const experience = await createTestExperience(db(), { cooperativeId: fengjie, capacity: 10 });
    const { booking } = await paidStay(fengjie, chinaToday());
    const own = await createViaRoute({ name_zh: "巫山云雨小屋", county_zh: "巫山县" }, [], WUSHAN);

    const snapshot = async () => ({
      listing: await listingRow(stay.listingId),
      units: await db().selectFrom("stay_units").selectAll().where("listing_id", "=", stay.listingId).execute(),
      rates: await db().selectFrom("stay_rates").selectAll().where("unit_id", "=", stay.unitId).execute(),
      closed: await db().selectFrom("stay_closed_nights").selectAll().where("unit_id", "=", stay.unitId).execute(),
      slots: await db().selectFrom("experience_slots").selectAll().where("listing_id", "=", experience.listingId).execute(),
      booking: await db().selectFrom("bookings").selectAll().where("id", "=", booking.id).executeTakeFirstOrThrow(),
    });
    const before = await snapshot();

    // Fengjie's listing by its id.
    expect((await load(stayLoader, stayUrl(stay.listingId), WUSHAN, idParams(stay.listingId))).status).toBe(404);
    const foreignForms: Record<string, string>[] = [
      { intent: "save", ...Object.fromEntries(listingForm()), slug: "stolen-listing" },
      { intent: "status", to: "archived" },
      { intent: "unit-add", name_zh: "房", capacity: "2", base_price: "100", min_nights: "1" },
      { intent: "close", unit_id: String(stay.unitId), first_night: `${month}-10`, last_night: `${month}-11` },
    ];
    for (const form of foreignForms) {
      expect((await stayPost(stay.listingId, form, WUSHAN)).status, form.intent).toBe(404);
    }
    expect((await stayPost(experience.listingId, { intent: "slot-capacity", slot_id: String(experience.slotId), capacity: "1" }, WUSHAN)).status).toBe(404);

    // Fengjie's unit, rate and slot named through Wushan's own listing.
    expect((await load(stayLoader, `${stayUrl(own)}?unit=${stay.unitId}`, WUSHAN, idParams(own))).status).toBe(404);
    const throughOwn: Record<string, string>[] = [
      { intent: "unit-save", unit_id: String(stay.unitId), name_zh: "偷来的", capacity: "2", base_price: "1", min_nights: "1" },
      { intent: "rate-add", unit_id: String(stay.unitId), label_zh: "偷", first_night: `${month}-20`, last_night: `${month}-21`, price: "1" },
      { intent: "rate-delete", rate_id: String(rate.id) },
      { intent: "close", unit_id: String(stay.unitId), first_night: `${month}-10`, last_night: `${month}-11` },
      { intent: "reopen", unit_id: String(stay.unitId), first_night: `${month}-10`, last_night: `${month}-11` },
      { intent: "slot-capacity", slot_id: String(experience.slotId), capacity: "1" },
    ];
    for (const form of throughOwn) {
      expect((await stayPost(own, form, WUSHAN)).status, form.intent).toBe(404);
    }

    // Fengjie's booking.
    const wushanBookings = await body<{ arrivals: { id: number }[]; upcoming: { id: number }[] }>(await load(bookingsLoader, "/coop/bookings", WUSHAN));
    expect([...wushanBookings.arrivals, ...wushanBookings.upcoming].map((b) => b.id)).not.toContain(booking.id);
    for (const intent of ["checked_in", "no_show"]) {
      expect((await post(bookingsAction, "/coop/bookings", WUSHAN, { intent, booking_id: String(booking.id) })).status, intent).toBe(404);
    }
    expect((await post(bookingsAction, "/coop/bookings", WUSHAN, { intent: "cancel", booking_id: String(booking.id), confirm: "yes" })).status).toBe(404);

    expect(await snapshot()).toEqual(before);
  });

  it("answers malformed ids and requests with 404 or 400, never 500", async () => {
    const id = await createViaRoute();
    expect((await load(stayLoader, "/coop/stays/abc", FENGJIE, { id: "abc" })).status).toBe(404);
    expect((await load(stayLoader, "/coop/stays/99999999", FENGJIE, { id: "99999999" })).status).toBe(404);
    expect((await load(stayLoader, "/coop/stays/1e3", FENGJIE, { id: "1e3" })).status).toBe(404);
    expect((await stayPost(id, { intent: "explode" })).status).toBe(400);
    expect((await stayPost(id, { intent: "rate-delete", rate_id: "x" })).status).toBe(400);
    expect((await stayPost(id, { intent: "unit-save", unit_id: "-1", name_zh: "a", capacity: "1", base_price: "1", min_nights: "1" })).status).toBe(400);
    expect((await stayPost(id, { intent: "close", unit_id: "99999999", first_night: "2027-01-01", last_night: "2027-01-02" })).status).toBe(404);
    expect((await stayPost(id, { intent: "close", unit_id: "1", first_night: "01/01/2027", last_night: "2027-01-02" })).status).toBe(400);
    expect((await stayPost(id, { intent: "slot-add", starts_on: "2027-01-01", starts_time: "9am", capacity: "1", price: "1" })).status).toBe(400);
    for (const form of [{}, { intent: "checked_in" }, { intent: "checked_in", booking_id: "abc" }, { intent: "cancel", booking_id: "1" }, { intent: "nope", booking_id: "1" }]) {
      expect((await post(bookingsAction, "/coop/bookings", FENGJIE, form as Record<string, string>)).status, JSON.stringify(form)).toBe(400);
    }
    expect((await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "checked_in", booking_id: "99999999" })).status).toBe(404);
    expect((await load(bookingsLoader, "/coop/bookings?day=2026-02-30", FENGJIE)).status).toBe(200);
  });
});

describe("the host's bookings page", () => {
  it("shows today's arrival with its guest, marks checked in, and lists the departure on check-out day", async () => {
    const today = chinaToday();
    const { booking } = await paidStay(fengjie, today, 2, 21);
    const page = await body<{ day: string; arrivals: { id: number; number: string; guests: number; contactName: string; contactMobile: string; specialRequests: string; status: string }[]; upcoming: { id: number }[] }>(
      await load(bookingsLoader, "/coop/bookings", FENGJIE),
    );
    expect(page.day).toBe(today);
    expect(page.arrivals).toContainEqual(
      expect.objectContaining({ id: booking.id, number: booking.number, guests: 3, contactName: guest(21).contactName, contactMobile: guest(21).contactMobile, specialRequests: "晚上九点到，带一位老人", status: "paid" }),
    );
    expect(page.upcoming.map((b) => b.id)).toContain(booking.id);
    const leaving = await body<{ departures: { id: number }[] }>(await load(bookingsLoader, `/coop/bookings?day=${addDays(today, 2)}`, FENGJIE));
    expect(leaving.departures.map((b) => b.id)).toContain(booking.id);

    const marked = await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "checked_in", booking_id: String(booking.id), day: today });
    expect(marked.status).toBe(302);
    expect(marked.headers.get("Location")).toBe(`/coop/bookings?day=${today}&notice=checkedIn`);
    expect((await db().selectFrom("bookings").select("status").where("id", "=", booking.id).executeTakeFirstOrThrow()).status).toBe("checked_in");
    // Once checked in it is not paid any more: neither a second mark nor a cancellation.
    expect((await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "no_show", booking_id: String(booking.id) })).status).toBe(400);
  });

  it("marks a guest only on or after the arrival day", async () => {
    const arrival = addDays(chinaToday(), 5);
    const { booking } = await paidStay(fengjie, arrival, 1, 22);
    const early = await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "no_show", booking_id: String(booking.id) });
    expect(early.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(early)).errors.form).toBe("beforeArrival");
    expect(await markGuestArrival(db(), { cooperativeId: fengjie, bookingId: booking.id, to: "no_show", now: new Date(`${arrival}T20:00:00+08:00`) })).toEqual({ ok: true });
    expect((await db().selectFrom("bookings").select("status").where("id", "=", booking.id).executeTakeFirstOrThrow()).status).toBe("no_show");
  });

  it("lists an experience on the China day of its slot", async () => {
    const day = addDays(chinaToday(), 3);
    const { slotId } = await createTestExperience(db(), { cooperativeId: fengjie, capacity: 8, startsAt: new Date(`${day}T07:30:00+08:00`) });
    const hold = await holdExperience(db(), { ...guest(24), slotId, people: 2 });
    if (!hold.ok) throw new Error(JSON.stringify(hold));
    await recordBookingPayment(db(), { bookingId: hold.booking.id, capturedFen: hold.booking.totalFen });
    const page = await body<{ arrivals: { id: number; guests: number }[]; departures: { id: number }[]; upcoming: { id: number }[] }>(
      await load(bookingsLoader, `/coop/bookings?day=${day}`, FENGJIE),
    );
    expect(page.arrivals).toContainEqual(expect.objectContaining({ id: hold.booking.id, guests: 2 }));
    expect(page.departures.map((b) => b.id)).not.toContain(hold.booking.id);
    expect(page.upcoming.map((b) => b.id)).toContain(hold.booking.id);
    // 07:30 in Chongqing is the evening before in UTC: the day before shows nothing of it.
    const before = await body<{ arrivals: { id: number }[] }>(await load(bookingsLoader, `/coop/bookings?day=${addDays(day, -1)}`, FENGJIE));
    expect(before.arrivals.map((b) => b.id)).not.toContain(hold.booking.id);
  });

  it("cancels by the host only after the confirmation, refunds in full and frees the nights", async () => {
    const arrival = addDays(chinaToday(), 1);
    const { booking, unitId } = await paidStay(fengjie, arrival, 2, 23);
    const unconfirmed = await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "cancel", booking_id: String(booking.id) });
    expect(unconfirmed.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(unconfirmed)).errors.form).toBe("confirmCancel");
    expect((await db().selectFrom("bookings").select("status").where("id", "=", booking.id).executeTakeFirstOrThrow()).status).toBe("paid");

    const cancelled = await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "cancel", booking_id: String(booking.id), confirm: "yes", day: arrival });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get("Location")).toBe(`/coop/bookings?day=${arrival}&notice=cancelled`);
    const row = await db().selectFrom("bookings").selectAll().where("id", "=", booking.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "cancelled", cancelled_by: "host" });
    // Inside the guest's paid-late window, yet the host's cancellation gives everything back.
    expect(Number(row.captured_fen)).toBe(booking.totalFen);
    expect(Number(row.refund_due_fen)).toBe(booking.totalFen);

    // The nights are free again.
    const nights = await db().selectFrom("bookings").select("id").where("unit_id", "=", unitId).where("status", "in", ["held", "paid", "checked_in"]).execute();
    expect(nights).toEqual([]);
    // The cancelled booking stays on its day with the refund due; it cannot be cancelled twice.
    const day = await body<{ arrivals: { id: number; status: string; refundDueFen: number }[] }>(await load(bookingsLoader, `/coop/bookings?day=${arrival}`, FENGJIE));
    expect(day.arrivals).toContainEqual(expect.objectContaining({ id: booking.id, status: "cancelled", refundDueFen: booking.totalFen }));
    const again = await post(bookingsAction, "/coop/bookings", FENGJIE, { intent: "cancel", booking_id: String(booking.id), confirm: "yes" });
    expect((await body<{ errors: Record<string, string> }>(again)).errors.form).toBe("notCancellable");
  });
});
