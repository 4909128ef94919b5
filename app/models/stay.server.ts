import { sql, type ExpressionBuilder, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, ExperienceSlotsTable, StayKind, StayListingsTable, StayRatesTable, StayUnitsTable } from "~db/schema";
import { notFound, refusalFromConstraint, type Outcome } from "~/models/outcome.server";
import { priceStay, type PricingRate, type PricingUnit, type StayPrice } from "~/models/stay-pricing";
import { unmetClaims } from "~/models/trust";
import { withTransaction } from "~/models/transaction.server";
import { chinaToday, isCalendarDate } from "~/utils/calendar-dates";

// Stay and experience listings of a cooperative, their units, rates, closed nights and
// experience slots. Every function of the cooperative portal takes the cooperative id and
// filters by it: another cooperative's listing, unit or slot is answered like a missing one
// (404), never changed. Shoppers read only published listings.

export type StayListing = Selectable<StayListingsTable>;
export type StayUnit = Selectable<StayUnitsTable>;
export type StayRate = Selectable<StayRatesTable>;
export type ExperienceSlot = Selectable<ExperienceSlotsTable>;

export interface StayListingFields {
  slug: string;
  kind: StayKind;
  name_zh: string;
  name_en?: string;
  description_zh?: string;
  description_en?: string;
  county_zh: string;
  county_en?: string;
  village_zh?: string;
  village_en?: string;
  address_zh?: string;
  address_en?: string;
  access_kind?: "rail" | "expressway" | null;
  access_point_zh?: string;
  access_point_en?: string;
  access_distance_km?: number | null;
  directions_zh?: string;
  directions_en?: string;
  check_in_from?: string | null;
  check_out_until?: string | null;
  house_rules_zh?: string;
  house_rules_en?: string;
  amenities?: string[];
  included_zh?: string;
  included_en?: string;
  duration_minutes?: number | null;
  min_age?: number | null;
  host_phone?: string | null;
  cancel_free_days?: number;
  cancel_late_refund_percent?: number;
}

export interface StayUnitFields {
  name_zh: string;
  name_en?: string;
  capacity: number;
  beds_zh?: string;
  beds_en?: string;
  base_price_fen: number;
  weekend_price_fen?: number | null;
  min_nights?: number;
  active?: boolean;
}

export interface StayRateFields {
  label_zh: string;
  label_en?: string;
  starts_on: string;
  ends_on: string;
  price_fen: number;
  min_nights?: number | null;
}

const EXCLUSION_VIOLATION = "23P01";

/** The listing `listingId` if it is the cooperative's: the filter of every listing lookup and update. */
function ownListing(input: { cooperativeId: number; listingId: number }) {
  return (eb: ExpressionBuilder<Database, "stay_listings">) => eb.and({ id: input.listingId, cooperative_id: input.cooperativeId });
}

/** The ids of the cooperative's listings: what scopes units and slots to their owner. */
function listingIdsOf(db: Kysely<Database>, cooperativeId: number) {
  return db.selectFrom("stay_listings").select("id").where("cooperative_id", "=", cooperativeId);
}

/** The cooperative's listing of that kind, or a 404 (another's, a missing one, or the other kind). */
async function ownListingOfKind(db: Kysely<Database>, input: { cooperativeId: number; listingId: number }, kind: StayKind): Promise<{ id: number }> {
  const listing = await db.selectFrom("stay_listings").select(["id", "kind"]).where(ownListing(input)).executeTakeFirst();
  if (!listing || listing.kind !== kind) notFound();
  return listing;
}

function exclusionViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === EXCLUSION_VIOLATION ? (e.constraint ?? "") : null;
}

// ---------------------------------------------------------------------------------------------
// Listings

export async function createListing(db: Kysely<Database>, input: { cooperativeId: number; fields: StayListingFields }): Promise<Outcome<{ id: number }>> {
  try {
    const row = await db
      .insertInto("stay_listings")
      .values({ ...input.fields, cooperative_id: input.cooperativeId, status: "draft" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  } catch (error) {
    return refusalFromConstraint(error, { stay_listings_slug_key: "slug" });
  }
}

export async function updateListing(
  db: Kysely<Database>,
  input: { cooperativeId: number; listingId: number; fields: Partial<StayListingFields> },
): Promise<Outcome> {
  return withTransaction(db, async (trx) => {
    const listing = await lockListing(trx, input);
    if (!listing) notFound();
    // A published listing keeps its claims backed: the edit is checked as it would be shown.
    if (listing.status === "published") {
      const claims = await unmetListingClaims(trx, { cooperativeId: input.cooperativeId, listing: { ...listing, ...input.fields } });
      if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
    }
    try {
      await trx
        .updateTable("stay_listings")
        .set({ ...input.fields, updated_at: sql`now()` })
        .where(ownListing(input))
        .execute();
    } catch (error) {
      return refusalFromConstraint(error, { stay_listings_slug_key: "slug" });
    }
    return { ok: true };
  });
}

async function lockListing(trx: Transaction<Database>, input: { cooperativeId: number; listingId: number }) {
  return trx.selectFrom("stay_listings").selectAll().where(ownListing(input)).forUpdate().executeTakeFirst();
}

/**
 * The claims ("organic", "green food"…) a listing's text makes that none of the cooperative's
 * verified, unexpired certificates backs. A stay sells the place, not one product, so any of the
 * cooperative's own certificates of the claimed type counts.
 */
export async function unmetListingClaims(
  db: Kysely<Database>,
  input: { cooperativeId: number; listing: Pick<StayListing, "name_zh" | "name_en" | "description_zh" | "description_en" | "included_zh" | "included_en">; today?: string },
) {
  const { listing } = input;
  const text = [listing.name_zh, listing.name_en, listing.description_zh, listing.description_en, listing.included_zh, listing.included_en].join("\n");
  if (unmetClaims(text, []).length === 0) return [];
  const rows = await db
    .selectFrom("certifications")
    .select("type")
    .distinct()
    .where("cooperative_id", "=", input.cooperativeId)
    .where("status", "=", "verified")
    .where("expires_on", ">=", input.today ?? chinaToday())
    .execute();
  return unmetClaims(text, rows.map((row) => row.type));
}

/** Publishes a draft (or archived) listing: refused while its text claims what no certificate backs. */
export async function publishListing(db: Kysely<Database>, input: { cooperativeId: number; listingId: number }): Promise<Outcome> {
  return withTransaction(db, async (trx) => {
    const listing = await lockListing(trx, input);
    if (!listing) notFound();
    const claims = await unmetListingClaims(trx, { cooperativeId: input.cooperativeId, listing });
    if (claims.length > 0) return { ok: false, errors: { form: "unmetClaims" }, unmetClaims: claims };
    await trx
      .updateTable("stay_listings")
      .set({ status: "published", published_at: sql`coalesce(published_at, now())`, updated_at: sql`now()` })
      .where("id", "=", listing.id)
      .execute();
    return { ok: true };
  });
}

export async function setListingStatus(db: Kysely<Database>, input: { cooperativeId: number; listingId: number; status: "draft" | "archived" }): Promise<void> {
  const row = await db.updateTable("stay_listings").set({ status: input.status, updated_at: sql`now()` }).where(ownListing(input)).returning("id").executeTakeFirst();
  if (!row) notFound();
}

export async function getListing(db: Kysely<Database>, input: { cooperativeId: number; listingId: number }): Promise<StayListing | undefined> {
  return db.selectFrom("stay_listings").selectAll().where(ownListing(input)).executeTakeFirst();
}

export async function listListings(db: Kysely<Database>, input: { cooperativeId: number }) {
  return db
    .selectFrom("stay_listings")
    .select(["id", "slug", "kind", "name_zh", "name_en", "county_zh", "county_en", "status", "updated_at"])
    .where("cooperative_id", "=", input.cooperativeId)
    .orderBy("id")
    .execute();
}

/** A published listing for the shopper pages, with its active units. */
export async function getPublishedListing(db: Kysely<Database>, input: { slug: string }) {
  const listing = await db.selectFrom("stay_listings").selectAll().where("slug", "=", input.slug).where("status", "=", "published").executeTakeFirst();
  if (!listing) return undefined;
  const units = await db.selectFrom("stay_units").selectAll().where("listing_id", "=", listing.id).where("active", "=", true).orderBy("id").execute();
  return { listing, units };
}

// ---------------------------------------------------------------------------------------------
// Units

/** The unit if its listing is the cooperative's; `undefined` for anyone else's. */
async function ownedUnit(db: Kysely<Database>, input: { cooperativeId: number; unitId: number }) {
  return db.selectFrom("stay_units").selectAll().where("id", "=", input.unitId).where("listing_id", "in", listingIdsOf(db, input.cooperativeId)).executeTakeFirst();
}

export async function getUnit(db: Kysely<Database>, input: { cooperativeId: number; unitId: number }): Promise<StayUnit | undefined> {
  return ownedUnit(db, input);
}

export async function createUnit(db: Kysely<Database>, input: { cooperativeId: number; listingId: number; fields: StayUnitFields }): Promise<{ id: number }> {
  const listing = await ownListingOfKind(db, input, "stay");
  return db.insertInto("stay_units").values({ ...input.fields, listing_id: listing.id }).returning("id").executeTakeFirstOrThrow();
}

export async function updateUnit(db: Kysely<Database>, input: { cooperativeId: number; unitId: number; fields: Partial<StayUnitFields> }): Promise<void> {
  const row = await db
    .updateTable("stay_units")
    .set({ ...input.fields, updated_at: sql`now()` })
    .where("id", "=", input.unitId)
    .where("listing_id", "in", listingIdsOf(db, input.cooperativeId))
    .returning("id")
    .executeTakeFirst();
  if (!row) notFound();
}

export async function listUnits(db: Kysely<Database>, input: { cooperativeId: number; listingId: number }): Promise<StayUnit[]> {
  return db.selectFrom("stay_units").selectAll().where("listing_id", "=", input.listingId).where("listing_id", "in", listingIdsOf(db, input.cooperativeId)).orderBy("id").execute();
}

// ---------------------------------------------------------------------------------------------
// Rates and closed nights

/** Adds a date-range rate; one that overlaps another rate of the unit is refused (the constraint decides). */
export async function addRate(db: Kysely<Database>, input: { cooperativeId: number; unitId: number; fields: StayRateFields }): Promise<Outcome<{ id: number }>> {
  const { fields } = input;
  if (!isCalendarDate(fields.starts_on)) return { ok: false, errors: { starts_on: "invalidDate" } };
  if (!isCalendarDate(fields.ends_on) || fields.ends_on <= fields.starts_on) return { ok: false, errors: { ends_on: "invalidDate" } };
  if (!(await ownedUnit(db, input))) notFound();
  return withTransaction(db, async (trx) => {
    // A savepoint keeps a caller's transaction usable after the refusal.
    await sql`SAVEPOINT stay_rate`.execute(trx);
    try {
      const row = await trx.insertInto("stay_rates").values({ ...fields, unit_id: input.unitId }).returning("id").executeTakeFirstOrThrow();
      await sql`RELEASE SAVEPOINT stay_rate`.execute(trx);
      return { ok: true, id: row.id };
    } catch (error) {
      if (exclusionViolation(error) === null) throw error;
      await sql`ROLLBACK TO SAVEPOINT stay_rate`.execute(trx);
      return { ok: false, errors: { starts_on: "rateOverlaps" } };
    }
  });
}

export async function deleteRate(db: Kysely<Database>, input: { cooperativeId: number; rateId: number }): Promise<void> {
  const row = await db
    .deleteFrom("stay_rates")
    .where("id", "=", input.rateId)
    .where("unit_id", "in", (eb) => eb.selectFrom("stay_units").select("id").where("listing_id", "in", listingIdsOf(db, input.cooperativeId)))
    .returning("id")
    .executeTakeFirst();
  if (!row) notFound();
}

export async function listRates(db: Kysely<Database>, input: { cooperativeId: number; unitId: number }): Promise<StayRate[]> {
  if (!(await ownedUnit(db, input))) notFound();
  return db.selectFrom("stay_rates").selectAll().where("unit_id", "=", input.unitId).orderBy("starts_on").execute();
}

/**
 * Closes nights of a unit (idempotent). A night already booked stays booked: closing is for
 * the nights still free, and the answer says which of the asked nights were booked.
 */
export async function closeNights(db: Kysely<Database>, input: { cooperativeId: number; unitId: number; nights: string[] }): Promise<{ closed: number; booked: string[] }> {
  const nights = [...new Set(input.nights)].filter(isCalendarDate).sort();
  if (!(await ownedUnit(db, input))) notFound();
  if (nights.length === 0) return { closed: 0, booked: [] };
  return withTransaction(db, async (trx) => {
    // The unit row is the lock holds take too: a hold and a closing of the same unit go one after the other.
    await lockUnit(trx, { unitId: input.unitId });
    const { rows: booked } = await sql<{ night: string }>`
      SELECT n::text AS night FROM unnest(string_to_array(${nights.join(",")}, ',')::date[]) AS n
      WHERE EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.unit_id = ${input.unitId} AND b.stay_range @> n
          AND (b.status IN ('paid', 'checked_in') OR (b.status = 'held' AND b.hold_expires_at > now()))
      )`.execute(trx);
    const bookedSet = new Set(booked.map((row) => row.night));
    const free = nights.filter((night) => !bookedSet.has(night));
    if (free.length > 0) {
      await trx
        .insertInto("stay_closed_nights")
        .values(free.map((night) => ({ unit_id: input.unitId, night })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { closed: free.length, booked: [...bookedSet].sort() };
  });
}

export async function reopenNights(db: Kysely<Database>, input: { cooperativeId: number; unitId: number; nights: string[] }): Promise<number> {
  const nights = [...new Set(input.nights)].filter(isCalendarDate);
  if (!(await ownedUnit(db, input))) notFound();
  if (nights.length === 0) return 0;
  const rows = await db.deleteFrom("stay_closed_nights").where("unit_id", "=", input.unitId).where("night", "in", nights).returning("night").execute();
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// What a hold needs: the unit locked, its price inputs and its closed nights

export interface UnitForHold {
  unitId: number;
  listingId: number;
  cooperativeId: number;
  capacity: number;
  pricing: PricingUnit;
  cancelFreeDays: number;
  cancelLateRefundPercent: number;
}

/** Locks the unit row (holds and closings of one unit take turns) and reads it, if bookable. */
export async function lockUnitForHold(trx: Transaction<Database>, input: { unitId: number }): Promise<UnitForHold | undefined> {
  const row = await trx
    .selectFrom("stay_units as u")
    .innerJoin("stay_listings as l", "l.id", "u.listing_id")
    .select([
      "u.id",
      "u.listing_id",
      "l.cooperative_id",
      "u.capacity",
      "u.base_price_fen",
      "u.weekend_price_fen",
      "u.min_nights",
      "l.cancel_free_days",
      "l.cancel_late_refund_percent",
    ])
    .where("u.id", "=", input.unitId)
    .where("u.active", "=", true)
    .where("l.status", "=", "published")
    .where("l.kind", "=", "stay")
    .forUpdate("u")
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    unitId: row.id,
    listingId: row.listing_id,
    cooperativeId: row.cooperative_id,
    capacity: row.capacity,
    pricing: { basePriceFen: row.base_price_fen, weekendPriceFen: row.weekend_price_fen, minNights: row.min_nights },
    cancelFreeDays: row.cancel_free_days,
    cancelLateRefundPercent: row.cancel_late_refund_percent,
  };
}

async function lockUnit(trx: Transaction<Database>, input: { unitId: number }): Promise<void> {
  await trx.selectFrom("stay_units").select("id").where("id", "=", input.unitId).forUpdate().execute();
}

type PricingInputs = { rates: PricingRate[]; closedNights: string[] };
type PricedUnit = Pick<StayUnit, "id" | "base_price_fen" | "weekend_price_fen" | "min_nights">;

/** The unit's rates and closed nights that touch [checkIn, checkOut): what priceStay needs. */
export async function readPricingInputs(db: Kysely<Database>, input: { unitId: number; checkIn: string; checkOut: string }): Promise<PricingInputs> {
  return (await readPricingInputsOf(db, { unitIds: [input.unitId], checkIn: input.checkIn, checkOut: input.checkOut })).get(input.unitId)!;
}

/** readPricingInputs for many units in two queries (a dated /stays page prices every free unit). */
async function readPricingInputsOf(db: Kysely<Database>, input: { unitIds: readonly number[]; checkIn: string; checkOut: string }): Promise<Map<number, PricingInputs>> {
  const byUnit = new Map<number, PricingInputs>(input.unitIds.map((id) => [id, { rates: [], closedNights: [] }]));
  if (input.unitIds.length === 0) return byUnit;
  const [rates, closed] = await Promise.all([
    db
      .selectFrom("stay_rates")
      .select(["unit_id", "starts_on", "ends_on", "price_fen", "min_nights", "label_zh", "label_en"])
      .where("unit_id", "in", [...input.unitIds])
      .where("starts_on", "<", input.checkOut)
      .where("ends_on", ">", input.checkIn)
      .orderBy("starts_on")
      .execute(),
    db
      .selectFrom("stay_closed_nights")
      .select(["unit_id", sql<string>`night::text`.as("night")])
      .where("unit_id", "in", [...input.unitIds])
      .where("night", ">=", input.checkIn)
      .where("night", "<", input.checkOut)
      .execute(),
  ]);
  for (const r of rates) byUnit.get(r.unit_id)!.rates.push({ startsOn: r.starts_on, endsOn: r.ends_on, priceFen: r.price_fen, minNights: r.min_nights, labelZh: r.label_zh, labelEn: r.label_en });
  for (const row of closed) byUnit.get(row.unit_id)!.closedNights.push(row.night);
  return byUnit;
}

/** A unit's price for [checkIn, checkOut) from its own rates and closed nights, as a hold would price it. */
export async function priceUnitStay(db: Kysely<Database>, input: { unit: PricedUnit; checkIn: string; checkOut: string; today: string }): Promise<StayPrice> {
  return (await priceUnitStays(db, { units: [input.unit], checkIn: input.checkIn, checkOut: input.checkOut, today: input.today })).get(input.unit.id)!;
}

/** priceUnitStay for many units at once, keyed by unit id. */
export async function priceUnitStays(
  db: Kysely<Database>,
  input: { units: readonly PricedUnit[]; checkIn: string; checkOut: string; today: string },
): Promise<Map<number, StayPrice>> {
  const { units, checkIn, checkOut, today } = input;
  const inputs = await readPricingInputsOf(db, { unitIds: units.map((unit) => unit.id), checkIn, checkOut });
  return new Map(
    units.map((unit) => {
      const { rates, closedNights } = inputs.get(unit.id)!;
      const unitPrices = { basePriceFen: unit.base_price_fen, weekendPriceFen: unit.weekend_price_fen, minNights: unit.min_nights };
      return [unit.id, priceStay({ unit: unitPrices, rates, closedNights, checkIn, checkOut, today })];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Experience slots

export async function createSlot(
  db: Kysely<Database>,
  input: { cooperativeId: number; listingId: number; startsAt: Date; capacity: number; priceFen: number },
): Promise<Outcome<{ id: number }>> {
  const listing = await ownListingOfKind(db, input, "experience");
  try {
    const row = await db
      .insertInto("experience_slots")
      .values({ listing_id: listing.id, starts_at: input.startsAt, capacity: input.capacity, price_fen: input.priceFen })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id };
  } catch (error) {
    return refusalFromConstraint(error, { experience_slots_listing_id_starts_at_key: "starts_at" });
  }
}

/** Changes a slot's capacity; never below the places already taken (the CHECK would refuse it too). */
export async function setSlotCapacity(db: Kysely<Database>, input: { cooperativeId: number; slotId: number; capacity: number }): Promise<Outcome> {
  const row = await db
    .updateTable("experience_slots")
    .set({ capacity: input.capacity, updated_at: sql`now()` })
    .where("id", "=", input.slotId)
    .where("listing_id", "in", listingIdsOf(db, input.cooperativeId))
    .where("booked", "<=", input.capacity)
    .returning("id")
    .executeTakeFirst();
  if (row) return { ok: true };
  if (!(await getSlot(db, input))) notFound();
  return { ok: false, errors: { capacity: "belowBooked" } };
}

export async function getSlot(db: Kysely<Database>, input: { cooperativeId: number; slotId: number }): Promise<ExperienceSlot | undefined> {
  return db.selectFrom("experience_slots").selectAll().where("id", "=", input.slotId).where("listing_id", "in", listingIdsOf(db, input.cooperativeId)).executeTakeFirst();
}

export async function listSlots(db: Kysely<Database>, input: { listingId: number; from: Date; limit?: number }): Promise<ExperienceSlot[]> {
  return db
    .selectFrom("experience_slots")
    .selectAll()
    .where("listing_id", "=", input.listingId)
    .where("starts_at", ">=", input.from)
    .orderBy("starts_at")
    .limit(input.limit ?? 200)
    .execute();
}
