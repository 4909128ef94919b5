import { randomBytes } from "node:crypto";
import i18next from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { JsonLd } from "~/components/catalogue/json-ld";
import { StayCard } from "~/components/stays/stay-card";
import { CancellationPolicy, PriceBreakdown, TextBlock } from "~/components/stays/stay-details";
import { i18nOptions } from "~/i18n";
import zh from "~/locales/zh";
import { closeNights, createSlot, setListingStatus } from "~/models/stay.server";
import { action, loader } from "~/routes/stays.$slug";
import { loader as indexLoader } from "~/routes/stays._index";
import { loader as sitemapLoader } from "~/routes/sitemap[.]xml";
import { holdStay } from "~/services/bookings.server";
import { db } from "~/utils/db.server";
import { HONEYPOT_FIELD } from "~/utils/honeypot";
import { settle } from "../support/auth";
import { createTestStay, firstCooperativeIds, guest, inDays } from "../support/stays";

// The public stay pages against a real database: the search of /stays (county, dates, guests,
// paging), the stay page (price, policy, calendar, 404s) and its booking form (hold → payment
// provider, refusals re-rendered with a message, bad input never a 500), escaping, the sitemap.

// Loader data is read as plain JSON here: the assertions are the types.
type Json = any;

let coopA: number;
let coopB: number;
let addressCounter = 0;

beforeAll(async () => {
  [coopA, coopB] = await firstCooperativeIds(db());
});

/** A client address of its own per call, so the booking rate limit counts only what a test means it to. */
const context = (address?: string) => ({ cspNonce: "", clientAddress: address ?? `203.0.113.${++addressCounter % 250}-${randomBytes(3).toString("hex")}` });

const county = () => `测试县${randomBytes(3).toString("hex")}`;

async function search(query: string): Promise<Json> {
  const response = await indexLoader({ request: new Request(`http://localhost/stays${query}`), params: {}, context: context() });
  expect(response.status).toBe(200);
  return response.json();
}

async function stayData(slug: string, query = ""): Promise<Json> {
  const response = await loader({ request: new Request(`http://localhost/stays/${slug}${query}`), params: { slug }, context: context() });
  expect(response.status).toBe(200);
  return response.json();
}

function post(slug: string, form: Record<string, string>, address?: string) {
  const request = new Request(`http://localhost/stays/${slug}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
    body: new URLSearchParams(form).toString(),
  });
  return settle(() => action({ request, params: { slug }, context: context(address) }));
}

const slugs = (data: Json) => data.listings.map((l: { slug: string }) => l.slug);

describe("/stays search", () => {
  it("filters by county and lists published listings only, with a from-price", async () => {
    const place = county();
    const a = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place, village_zh: "仙女山村", access_kind: "rail", access_point_zh: "武隆", access_distance_km: 12.5 }, unit: { base_price_fen: 30_000 } });
    const draft = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, published: false });
    const elsewhere = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: county() } });
    const data = await search(`?county=${encodeURIComponent(place)}`);
    expect(slugs(data)).toEqual([a.slug]);
    expect(slugs(data)).not.toContain(draft.slug);
    expect(slugs(data)).not.toContain(elsewhere.slug);
    expect(data.listings[0]).toMatchObject({ village: "仙女山村", fromPriceFen: 30_000, access: { kind: "rail", point: "武隆", km: "12.5" } });
    expect(data.counties.map((c: { value: string }) => c.value)).toContain(place);
  });

  it("with dates, leaves out a unit booked for one night of the range and one too small for the guests", async () => {
    const place = county();
    const free = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, unit: { capacity: 4 } });
    const bookedOneNight = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, unit: { capacity: 4 } });
    const small = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, unit: { capacity: 2 } });
    const closed = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, unit: { capacity: 4 } });
    // One night in the middle of the range, and a stay that touches it at check-out (no overlap).
    expect((await holdStay(db(), { ...guest(1), unitId: bookedOneNight.unitId, checkIn: inDays(41), checkOut: inDays(42), guests: 1 })).ok).toBe(true);
    expect((await holdStay(db(), { ...guest(2), unitId: free.unitId, checkIn: inDays(38), checkOut: inDays(40), guests: 1 })).ok).toBe(true);
    await closeNights(db(), { cooperativeId: coopA, unitId: closed.unitId, nights: [inDays(42)] });

    const dated = await search(`?county=${encodeURIComponent(place)}&checkIn=${inDays(40)}&checkOut=${inDays(43)}&guests=3`);
    expect(slugs(dated)).toEqual([free.slug]);
    expect(dated.listings[0].datedPrice).toEqual({ nights: 3, totalFen: expect.any(Number) });
    expect(dated.listings[0].datedPrice.totalFen).toBeGreaterThanOrEqual(3 * 28_800);
    const undated = await search(`?county=${encodeURIComponent(place)}&guests=3`);
    expect(slugs(undated).sort()).toEqual([free.slug, bookedOneNight.slug, closed.slug].sort());
    const twoGuests = await search(`?county=${encodeURIComponent(place)}&checkIn=${inDays(40)}&checkOut=${inDays(43)}&guests=2`);
    expect(slugs(twoGuests).sort()).toEqual([free.slug, small.slug].sort());
  });

  it("filters by type and max price, and pages by keyset without repeats", async () => {
    const place = county();
    const made = [];
    for (let i = 0; i < 14; i++) made.push(await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place }, unit: { base_price_fen: 10_000 + i * 1_000 } }));
    const first = await search(`?county=${encodeURIComponent(place)}`);
    expect(first.listings).toHaveLength(12);
    expect(first.nextPage).toMatch(/after=\d+/);
    const second = await search(first.nextPage.replace("/stays", ""));
    expect(second.listings).toHaveLength(2);
    expect(second.nextPage).toBeNull();
    expect(second.onLaterPage).toBe(true);
    expect([...slugs(first), ...slugs(second)]).toEqual(made.map((m) => m.slug));

    const cheap = await search(`?county=${encodeURIComponent(place)}&max=120`);
    expect(slugs(cheap)).toEqual(made.slice(0, 3).map((m) => m.slug));
    expect((await search(`?county=${encodeURIComponent(place)}&kind=experience`)).listings).toEqual([]);
  });

  it("shows a listing's first photo through the picture URLs, and finds experiences by date and places left", async () => {
    const place = county();
    const stay = await createTestStay(db(), { cooperativeId: coopA, listing: { county_zh: place } });
    const key = `stay-${randomBytes(6).toString("hex")}`;
    await db()
      .insertInto("stay_images")
      .values([
        { listing_id: stay.listingId, position: 1, storage_key: `${key}-second`, alt_zh: "第二张", alt_en: "Second", width: 1024, height: 768 },
        { listing_id: stay.listingId, position: 0, storage_key: key, alt_zh: "院子", alt_en: "The courtyard", width: 1024, height: 768 },
      ])
      .execute();
    const data = await search(`?county=${encodeURIComponent(place)}&lang=en`);
    expect(data.listings[0].image).toEqual({ storageKey: key, alt: "The courtyard" });
    const i18n = i18next.createInstance();
    await i18n.use(initReactI18next).init(i18nOptions("zh", { zh } as never));
    const html = renderToString(createElement(StaticRouter, { location: "/stays" }, createElement(I18nextProvider, { i18n }, createElement(StayCard, { stay: data.listings[0], href: "/stays/x" }))));
    expect(html).toContain(`/uploads/images/${key}-640.webp`);
    expect(html).toContain(`/uploads/images/${key}-320.webp 320w`);
    const page = await stayData(stay.slug);
    expect(page.images.map((i: { storageKey: string }) => i.storageKey)).toEqual([key, `${key}-second`]);

    const { createListing, publishListing } = await import("~/models/stay.server");
    const slug = `test-exp-find-${randomBytes(3).toString("hex")}`;
    const created = await createListing(db(), { cooperativeId: coopA, fields: { slug, kind: "experience", name_zh: "钓鱼", county_zh: place, duration_minutes: 60 } });
    if (!created.ok) throw new Error("refused");
    await createSlot(db(), { cooperativeId: coopA, listingId: created.id, startsAt: new Date(`${inDays(25)}T02:00:00Z`), capacity: 3, priceFen: 4_000 });
    await publishListing(db(), { cooperativeId: coopA, listingId: created.id });
    const inRange = await search(`?county=${encodeURIComponent(place)}&kind=experience&checkIn=${inDays(24)}&checkOut=${inDays(26)}&guests=3`);
    expect(slugs(inRange)).toEqual([slug]);
    expect(inRange.listings[0].fromPriceFen).toBe(4_000);
    expect(slugs(await search(`?county=${encodeURIComponent(place)}&kind=experience&checkIn=${inDays(26)}&checkOut=${inDays(28)}`))).toEqual([]);
    expect(slugs(await search(`?county=${encodeURIComponent(place)}&kind=experience&guests=4`))).toEqual([]);
    expect(slugs(await search(`?county=${encodeURIComponent(place)}&kind=stay`))).toEqual([stay.slug]);
  });

  it("drops what it cannot read and says so, never a 500", async () => {
    const data = await search(`?checkIn=2026-02-30&checkOut=x&guests=-1&kind=castle&max=abc&after=%27%3B--&county=${"x".repeat(200)}`);
    expect(data.ignored.sort()).toEqual(["after", "county", "dates", "guests", "kind", "max"].sort());
    const reversed = await search(`?checkIn=${inDays(10)}&checkOut=${inDays(8)}`);
    expect(reversed.ignored).toEqual(["dates"]);
  });
});

describe("/stays/:slug", () => {
  it("shows units, a three-month calendar (a hold shows as booked), the price breakdown and the policy", async () => {
    const stay = await createTestStay(db(), {
      cooperativeId: coopA,
      listing: { cancel_free_days: 5, cancel_late_refund_percent: 30, amenities: ["Wi-Fi", "停车位"], check_in_from: "14:00", check_out_until: "12:00" },
      unit: { capacity: 3, base_price_fen: 20_000, weekend_price_fen: 26_000, beds_zh: "一张大床" },
    });
    expect((await holdStay(db(), { ...guest(3), unitId: stay.unitId, checkIn: inDays(30), checkOut: inDays(31), guests: 1 })).ok).toBe(true);
    const checkIn = inDays(20);
    const checkOut = inDays(22);
    const data = await stayData(stay.slug, `?checkIn=${checkIn}&checkOut=${checkOut}&guests=2`);
    expect(data.units).toHaveLength(1);
    expect(data.units[0]).toMatchObject({ capacity: 3, beds: "一张大床", basePriceFen: 20_000, weekendPriceFen: 26_000 });
    expect(data.units[0].calendar).toHaveLength(3);
    const nights = data.units[0].calendar.flatMap((m: { days: { date: string; state: string }[] }) => m.days);
    const heldNight = nights.find((n: { date: string }) => n.date === inDays(30));
    if (heldNight) expect(heldNight.state).toBe("booked");
    expect(nights.some((n: { state: string }) => n.state === "held")).toBe(false);
    expect(data.query.unit).toBe(stay.unitId);
    expect(data.quote.ok).toBe(true);
    expect(data.quote.nights).toHaveLength(2);
    expect(data.quote.totalFen).toBe(data.quote.nights.reduce((sum: number, n: { priceFen: number }) => sum + n.priceFen, 0));
    expect(data.policy).toMatchObject({ freeDays: 5, lateRefundPercent: 30, freeUntil: inDays(15), freeWindowOpen: true });
    expect(data.jsonLd["@type"]).toBe("LodgingBusiness");
    expect(data.jsonLd.makesOffer[0]).toMatchObject({ "@type": "Offer", price: "200.00", priceCurrency: "CNY" });
    expect(data.jsonLd.amenityFeature.map((a: { name: string }) => a.name)).toEqual(["Wi-Fi", "停车位"]);
  });

  it("an experience page lists its slots with places left and emits Events", async () => {
    const { createListing, publishListing } = await import("~/models/stay.server");
    const slug = `test-exp-page-${randomBytes(3).toString("hex")}`;
    const created = await createListing(db(), { cooperativeId: coopA, fields: { slug, kind: "experience", name_zh: "采茶", county_zh: "巫山县", duration_minutes: 90, min_age: 6 } });
    if (!created.ok) throw new Error("refused");
    const slot = await createSlot(db(), { cooperativeId: coopA, listingId: created.id, startsAt: new Date(`${inDays(12)}T01:00:00Z`), capacity: 8, priceFen: 5_800 });
    if (!slot.ok) throw new Error("slot refused");
    await publishListing(db(), { cooperativeId: coopA, listingId: created.id });
    const data = await stayData(slug);
    expect(data.slots).toEqual([expect.objectContaining({ id: slot.id, placesLeft: 8, priceFen: 5_800 })]);
    expect(data.jsonLd[0]).toMatchObject({ "@type": "Event", offers: { price: "58.00", availability: "https://schema.org/InStock" } });
  });

  it("ignores a malformed query and never prices another listing's unit", async () => {
    const stay = await createTestStay(db(), { cooperativeId: coopA });
    const other = await createTestStay(db(), { cooperativeId: coopB, unit: { base_price_fen: 99_900 } });
    const odd = await stayData(stay.slug, "?unit=abc&checkIn=2026-02-30&checkOut=%00&guests=-4&slot=%27");
    expect(odd.quote).toBeNull();
    expect(odd.query).toEqual({ unit: null, checkIn: null, checkOut: null, guests: null, slot: null });
    const forged = await stayData(stay.slug, `?unit=${other.unitId}&checkIn=${inDays(20)}&checkOut=${inDays(21)}`);
    expect(forged.query.unit).toBe(stay.unitId);
    expect(forged.quote.totalFen).toBe(28_800);
  });

  it("answers 404 for an unknown, malformed or unpublished slug", async () => {
    const draft = await createTestStay(db(), { cooperativeId: coopA, published: false });
    const archived = await createTestStay(db(), { cooperativeId: coopA });
    await setListingStatus(db(), { cooperativeId: coopA, listingId: archived.listingId, status: "archived" });
    for (const slug of ["no-such-stay", "Bad Slug!", draft.slug, archived.slug, "x".repeat(200)]) {
      const response = await settle(() => loader({ request: new Request(`http://localhost/stays/${encodeURIComponent(slug)}`), params: { slug }, context: context() }));
      expect(response.status).toBe(404);
      expect((await post(slug, { unit: "1" })).status).toBe(404);
    }
  });
});

const bookingForm = (unitId: number, extra: Record<string, string> = {}) => ({
  unit: String(unitId),
  checkIn: inDays(50),
  checkOut: inDays(52),
  guests: "2",
  contactName: "李华",
  mobile: "+86 138-0013-8000",
  email: "",
  specialRequests: "晚一点到",
  holdKey: randomBytes(8).toString("hex"),
  ...extra,
});

describe("booking from the stay page", () => {
  it("holds the nights and sends the guest to the payment page", async () => {
    const stay = await createTestStay(db(), { cooperativeId: coopA, unit: { capacity: 2 } });
    const response = await post(stay.slug, bookingForm(stay.unitId));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(/^\/pay\/dev\/booking\/\d+\?token=/);
    const booking = await db().selectFrom("bookings").selectAll().where("unit_id", "=", stay.unitId).executeTakeFirstOrThrow();
    expect(booking).toMatchObject({ status: "held", guests: 2, contact_mobile: "13800138000", special_requests: "晚一点到", cooperative_id: coopA });
  });

  it("refuses taken dates, too many guests, closed nights, a minimum stay and sold-out slots with a message, keeping the input", async () => {
    const stay = await createTestStay(db(), { cooperativeId: coopA, unit: { capacity: 2, min_nights: 2 } });
    expect((await post(stay.slug, bookingForm(stay.unitId))).status).toBe(303);

    const taken = await post(stay.slug, bookingForm(stay.unitId, { checkIn: inDays(51), checkOut: inDays(53), contactName: "王五" }));
    expect(taken.status).toBe(422);
    const body: Json = await taken.json();
    expect(body.refusal.code).toBe("dates_taken");
    expect(body.values).toMatchObject({ contactName: "王五", checkIn: inDays(51), checkOut: inDays(53) });

    const crowd = await post(stay.slug, bookingForm(stay.unitId, { checkIn: inDays(60), checkOut: inDays(62), guests: "3" }));
    expect(crowd.status).toBe(422);
    expect(((await crowd.json()) as Json).refusal).toEqual({ code: "too_many_guests", params: { capacity: 2 } });

    const short = await post(stay.slug, bookingForm(stay.unitId, { checkIn: inDays(70), checkOut: inDays(71) }));
    expect(short.status).toBe(422);
    expect(((await short.json()) as Json).refusal).toEqual({ code: "too_short", params: { minNights: 2 } });

    await closeNights(db(), { cooperativeId: coopA, unitId: stay.unitId, nights: [inDays(81)] });
    const closed = await post(stay.slug, bookingForm(stay.unitId, { checkIn: inDays(80), checkOut: inDays(83) }));
    expect(closed.status).toBe(422);
    expect(((await closed.json()) as Json).refusal.code).toBe("closed");

    const past = await post(stay.slug, bookingForm(stay.unitId, { checkIn: inDays(-3), checkOut: inDays(-1) }));
    expect(past.status).toBe(422);
    expect(((await past.json()) as Json).refusal.code).toBe("in_the_past");
  });

  it("refuses a sold-out slot of an experience", async () => {
    const { createListing, publishListing } = await import("~/models/stay.server");
    const slug = `test-exp-book-${randomBytes(3).toString("hex")}`;
    const created = await createListing(db(), { cooperativeId: coopA, fields: { slug, kind: "experience", name_zh: "摘橙子", county_zh: "奉节县", duration_minutes: 120 } });
    if (!created.ok) throw new Error("refused");
    const slot = await createSlot(db(), { cooperativeId: coopA, listingId: created.id, startsAt: new Date(`${inDays(15)}T01:00:00Z`), capacity: 3, priceFen: 6_800 });
    if (!slot.ok) throw new Error("slot refused");
    await publishListing(db(), { cooperativeId: coopA, listingId: created.id });
    const form = (guests: string) => ({ slot: String(slot.id), guests, contactName: "张三", mobile: "13900001111", holdKey: randomBytes(8).toString("hex") });
    const ok = await post(slug, form("2"));
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toMatch(/^\/pay\/dev\/booking\//);
    const full = await post(slug, form("2"));
    expect(full.status).toBe(422);
    expect(((await full.json()) as Json).refusal.code).toBe("sold_out");
  });

  it("answers bad input with 400 and field errors, never a 500, and a unit of another listing like a missing one", async () => {
    const stay = await createTestStay(db(), { cooperativeId: coopA });
    const other = await createTestStay(db(), { cooperativeId: coopB });
    const cases: Record<string, string>[] = [
      {},
      { unit: "abc" },
      bookingForm(stay.unitId, { checkIn: "2026-02-30" }),
      bookingForm(stay.unitId, { checkOut: inDays(49) }),
      bookingForm(stay.unitId, { guests: "0" }),
      bookingForm(stay.unitId, { guests: "99999999999" }),
      bookingForm(stay.unitId, { mobile: "12345" }),
      bookingForm(stay.unitId, { email: "not-an-address" }),
      bookingForm(stay.unitId, { contactName: "   " }),
      bookingForm(stay.unitId, { contactName: "x".repeat(5000) }),
      bookingForm(stay.unitId, { unit: "999999999" }),
      bookingForm(other.unitId),
    ];
    for (const form of cases) {
      const response = await post(stay.slug, form);
      expect(response.status, JSON.stringify(form).slice(0, 120)).toBe(400);
      const body: Json = await response.json();
      expect(body.refusal).not.toBeNull();
    }
    const mobile: Json = await (await post(stay.slug, bookingForm(stay.unitId, { mobile: "12345" }))).json();
    expect(mobile.errors.mobile).toBeTruthy();
    expect(await db().selectFrom("bookings").select("id").where("unit_id", "in", [stay.unitId, other.unitId]).execute()).toEqual([]);

    const notForm = await settle(() =>
      action({ request: new Request(`http://localhost/stays/${stay.slug}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }), params: { slug: stay.slug }, context: context() }),
    );
    expect(notForm.status).toBe(415);
    const bot = await post(stay.slug, { ...bookingForm(stay.unitId), [HONEYPOT_FIELD]: "filled" });
    expect(bot.status).toBe(400);
  });

  it("is rate-limited per client address", async () => {
    const stay = await createTestStay(db(), { cooperativeId: coopA });
    const address = `198.51.100.${randomBytes(2).toString("hex")}`;
    let last: Response | null = null;
    for (let i = 0; i < 21; i++) last = await post(stay.slug, bookingForm(stay.unitId, { guests: "0" }), address);
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await last!.json()) as Json).refusal.code).toBe("tooMany");
  });
});

describe("escaping and the sitemap", () => {
  const evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

  it("listing text cannot break out of the HTML or the JSON-LD", async () => {
    const place = county();
    const stay = await createTestStay(db(), {
      cooperativeId: coopA,
      listing: { county_zh: place, name_zh: evil, description_zh: evil, village_zh: evil, house_rules_zh: evil, amenities: [evil] },
      unit: { name_zh: evil },
    });
    const data = await stayData(stay.slug, `?checkIn=${inDays(20)}&checkOut=${inDays(21)}`);
    const ld = renderToString(createElement(JsonLd, { data: data.jsonLd }));
    expect(ld.match(/<\/script>/g)).toHaveLength(1);
    expect(ld).not.toContain("<script>alert");
    expect(JSON.parse(ld.replace(/^<script type="application\/ld\+json">/, "").replace(/<\/script>$/, "")).name).toBe(evil);

    const i18n = i18next.createInstance();
    await i18n.use(initReactI18next).init(i18nOptions("zh", { zh } as never));
    const listing = (await search(`?county=${encodeURIComponent(place)}`)).listings[0];
    const html = renderToString(
      createElement(
        StaticRouter,
        { location: "/stays" },
        createElement(
          I18nextProvider,
          { i18n },
          createElement(StayCard, { stay: listing, href: `/stays/${stay.slug}` }),
          createElement(TextBlock, { text: data.listing.description }),
          createElement(PriceBreakdown, { quote: data.quote, unitName: data.units[0].name, locale: "zh" }),
          createElement(CancellationPolicy, { policy: data.policy, locale: "zh" }),
        ),
      ),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)");
    expect(html).toContain("data-testid=\"price-breakdown\"");
    expect(html).toContain("全额退款");
  });

  it("the sitemap lists /stays and each published stay, not drafts", async () => {
    const published = await createTestStay(db(), { cooperativeId: coopA });
    const draft = await createTestStay(db(), { cooperativeId: coopA, published: false });
    const xml = await (await sitemapLoader()).text();
    expect(xml).toContain("/stays</loc>");
    expect(xml).toContain(`/stays/${published.slug}</loc>`);
    expect(xml).not.toContain(`/stays/${draft.slug}<`);
  });
});
