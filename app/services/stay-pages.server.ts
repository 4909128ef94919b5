import type { Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { getPublishedListing, listSlots, priceUnitStay, priceUnitStays } from "~/models/stay.server";
import { unitNightStates } from "~/models/booking.server";
import { freeCancellationUntil } from "~/models/stay-cancellation";
import { listStayImages } from "~/models/stay-image.server";
import { cooperativeHarvest, cooperativeTraceCodes, freeUnits, listingCooperative, listStayCounties, searchStays, type StaySearchRow } from "~/models/stay-public.server";
import type { StayFilters } from "~/schemas/stays";
import type { MonthView, NightView, QuoteView, StayCardView } from "~/types/stays";
import { addDays, chinaToday, daysBetween } from "~/utils/calendar-dates";

// What the public stay pages show, read in one place: the search of /stays and everything on a
// stay page (units and their month calendars, slots, the price of chosen dates, the policy, the
// cooperative's products and trace pages). Texts come in the page's language, Chinese when a
// listing has no English.

export const STAYS_PAGE_SIZE = 12;
export const CALENDAR_MONTHS = 3;

function pick(zh: string, en: string | null | undefined, locale: Locale): string {
  return locale === "en" && en ? en : zh;
}

/** How to reach a place: the nearest station or exit and how far it is, when the listing says. */
function accessView(kind: "rail" | "expressway" | null, pointZh: string, pointEn: string | null, km: string | null, locale: Locale) {
  return kind && km !== null ? { kind, point: pick(pointZh, pointEn, locale), km: String(Number(km)) } : null;
}

function cardView(row: StaySearchRow, locale: Locale): StayCardView {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: pick(row.nameZh, row.nameEn, locale),
    county: pick(row.countyZh, row.countyEn, locale),
    village: pick(row.villageZh, row.villageEn, locale),
    access: accessView(row.accessKind, row.accessPointZh, row.accessPointEn, row.accessDistanceKm, locale),
    fromPriceFen: row.fromPriceFen,
    datedPrice: null,
    image: row.image ? { storageKey: row.image.storageKey, alt: pick(row.image.altZh, row.image.altEn, locale) } : null,
  };
}

export async function staySearchPage(db: Kysely<Database>, input: { filters: StayFilters; locale: Locale; now?: Date }) {
  const now = input.now ?? new Date();
  const { filters } = input;
  const [page, counties] = await Promise.all([
    searchStays(db, {
      kind: filters.kind,
      countyZh: filters.county,
      checkIn: filters.checkIn,
      checkOut: filters.checkOut,
      guests: filters.guests,
      maxPriceFen: filters.maxPriceFen,
      after: filters.after,
      limit: STAYS_PAGE_SIZE,
      now,
    }),
    listStayCounties(db),
  ]);
  const listings = page.listings.map((row) => cardView(row, input.locale));
  if (filters.checkIn && filters.checkOut) await addDatedPrices(db, { listings, checkIn: filters.checkIn, checkOut: filters.checkOut, guests: filters.guests ?? 1, maxPriceFen: filters.maxPriceFen, now });
  return {
    listings,
    nextAfter: page.hasMore ? page.listings.at(-1)!.id : null,
    counties: counties.map((county) => ({ value: county.zh, label: pick(county.zh, county.en, input.locale) })),
  };
}

/** For a dated search, each stay card's lowest total over its units free for every night (priced like a hold would be). */
async function addDatedPrices(
  db: Kysely<Database>,
  input: { listings: StayCardView[]; checkIn: string; checkOut: string; guests: number; maxPriceFen?: number; now: Date },
): Promise<void> {
  const cards = new Map(input.listings.filter((card) => card.kind === "stay").map((card) => [card.id, card]));
  const free = await freeUnits(db, { listingIds: [...cards.keys()], checkIn: input.checkIn, checkOut: input.checkOut, guests: input.guests, now: input.now });
  const units = free.filter((unit) => input.maxPriceFen === undefined || unit.base_price_fen <= input.maxPriceFen);
  const prices = await priceUnitStays(db, { units, checkIn: input.checkIn, checkOut: input.checkOut, today: chinaToday(input.now) });
  for (const unit of units) {
    const card = cards.get(unit.listing_id)!;
    const price = prices.get(unit.id)!;
    if (price.ok && (card.datedPrice === null || price.totalFen < card.datedPrice.totalFen)) card.datedPrice = { totalFen: price.totalFen, nights: price.nights.length };
  }
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function nextMonth(first: string): string {
  const [y, m] = first.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** Monday = 0 … Sunday = 6. */
function mondayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

async function unitCalendar(db: Kysely<Database>, input: { unitId: number; today: string; now: Date }): Promise<MonthView[]> {
  const starts: string[] = [firstOfMonth(input.today)];
  while (starts.length < CALENDAR_MONTHS) starts.push(nextMonth(starts.at(-1)!));
  const end = nextMonth(starts.at(-1)!);
  const states = await unitNightStates(db, { unitId: input.unitId, from: starts[0]!, to: end, now: input.now });
  const byNight = new Map(states.map((s) => [s.night, s.state]));
  return starts.map((start) => {
    const stop = nextMonth(start);
    const days = Array.from({ length: daysBetween(start, stop) }, (_, i) => {
      const date = addDays(start, i);
      const state = byNight.get(date) ?? "free";
      // The public page does not tell a hold from a booking: both are taken.
      const view: NightView = date < input.today ? "past" : state === "held" ? "booked" : state;
      return { date, state: view };
    });
    return { month: start.slice(0, 7), offset: mondayIndex(start), days };
  });
}

export interface StayPageQuery {
  unit?: number;
  checkIn?: string;
  checkOut?: string;
  guests?: number;
  slot?: number;
}

/** Everything a stay or experience page shows, or null for a slug that is not published. */
export async function stayPage(db: Kysely<Database>, input: { slug: string; locale: Locale; query: StayPageQuery; now?: Date }) {
  const now = input.now ?? new Date();
  const today = chinaToday(now);
  const { locale, query } = input;
  const found = await getPublishedListing(db, { slug: input.slug });
  if (!found) return null;
  const { listing } = found;
  const [images, cooperative, slotsRaw, harvest, trace] = await Promise.all([
    listStayImages(db, { listingId: listing.id }),
    listingCooperative(db, { cooperativeId: listing.cooperative_id }),
    listing.kind === "experience" ? listSlots(db, { listingId: listing.id, from: now, limit: 30 }) : Promise.resolve([]),
    cooperativeHarvest(db, { cooperativeId: listing.cooperative_id, locale, today, limit: 4 }),
    cooperativeTraceCodes(db, { cooperativeId: listing.cooperative_id, locale, limit: 3 }),
  ]);

  const units = await Promise.all(
    found.units.map(async (unit) => ({
      id: unit.id,
      name: pick(unit.name_zh, unit.name_en, locale),
      capacity: unit.capacity,
      beds: pick(unit.beds_zh, unit.beds_en, locale),
      basePriceFen: unit.base_price_fen,
      weekendPriceFen: unit.weekend_price_fen,
      minNights: unit.min_nights,
      calendar: await unitCalendar(db, { unitId: unit.id, today, now }),
    })),
  );

  const slots = slotsRaw
    .filter((slot) => slot.status === "open")
    .map((slot) => ({ id: slot.id, startsAt: slot.starts_at.toISOString(), placesLeft: Math.max(0, slot.capacity - slot.booked), priceFen: slot.price_fen }));

  // The dates asked for: which units are free, and the price of the chosen (or first free) one.
  const dated = query.checkIn !== undefined && query.checkOut !== undefined;
  const free = dated && listing.kind === "stay" ? (await freeUnits(db, { listingIds: [listing.id], checkIn: query.checkIn!, checkOut: query.checkOut!, guests: query.guests ?? 1, now })).map((unit) => unit.id) : [];
  const chosenUnit = query.unit !== undefined && units.some((u) => u.id === query.unit) ? query.unit : dated ? (free[0] ?? units[0]?.id) : undefined;
  let quote: QuoteView | null = null;
  if (dated && chosenUnit !== undefined) {
    const unit = found.units.find((u) => u.id === chosenUnit)!;
    const price = await priceUnitStay(db, { unit, checkIn: query.checkIn!, checkOut: query.checkOut!, today });
    quote = price.ok
      ? {
          ok: true,
          unitId: unit.id,
          checkIn: query.checkIn!,
          checkOut: query.checkOut!,
          nights: price.nights.map((n) => ({ night: n.night, priceFen: n.priceFen, source: n.source, label: n.source === "rate" ? pick(n.labelZh ?? "", n.labelEn, locale) : null })),
          totalFen: price.totalFen,
          free: free.includes(unit.id),
          tooSmallFor: query.guests !== undefined && query.guests > unit.capacity ? unit.capacity : null,
        }
      : { ...price, unitId: unit.id, checkIn: query.checkIn!, checkOut: query.checkOut! };
  }

  const policy = { freeDays: listing.cancel_free_days, lateRefundPercent: listing.cancel_late_refund_percent };
  const arrival = dated ? query.checkIn! : null;
  const freeUntil = arrival ? freeCancellationUntil(policy, arrival) : null;

  return {
    listing: {
      id: listing.id,
      slug: listing.slug,
      kind: listing.kind,
      name: pick(listing.name_zh, listing.name_en, locale),
      description: pick(listing.description_zh, listing.description_en, locale),
      county: pick(listing.county_zh, listing.county_en, locale),
      village: pick(listing.village_zh, listing.village_en, locale),
      address: pick(listing.address_zh, listing.address_en, locale),
      access: accessView(listing.access_kind, listing.access_point_zh, listing.access_point_en, listing.access_distance_km, locale),
      directions: pick(listing.directions_zh, listing.directions_en, locale),
      checkInFrom: listing.check_in_from,
      checkOutUntil: listing.check_out_until,
      houseRules: pick(listing.house_rules_zh, listing.house_rules_en, locale),
      amenities: listing.amenities,
      included: pick(listing.included_zh, listing.included_en, locale),
      durationMinutes: listing.duration_minutes,
      minAge: listing.min_age,
      updatedAt: listing.updated_at.toISOString(),
    },
    images: images.map((image) => ({ storageKey: image.storage_key, alt: pick(image.alt_zh, image.alt_en, locale), width: image.width, height: image.height })),
    units,
    slots,
    query: { unit: chosenUnit ?? null, checkIn: query.checkIn ?? null, checkOut: query.checkOut ?? null, guests: query.guests ?? null, slot: query.slot ?? null },
    freeUnits: dated && listing.kind === "stay" ? free : null,
    quote,
    policy: { ...policy, freeUntil, freeWindowOpen: freeUntil !== null ? freeUntil >= today : null },
    cooperative: cooperative ? { slug: cooperative.slug, name: pick(cooperative.name_zh, cooperative.name_en, locale) } : null,
    harvest,
    trace,
  };
}

export type StayPageData = NonNullable<Awaited<ReturnType<typeof stayPage>>>;
