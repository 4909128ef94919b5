import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression } from "kysely";
import type { Database, StayKind } from "~db/schema";
import type { Locale } from "~/i18n";
import { selectAvailableUnits } from "~/models/booking.server";
import { cardsFor, publicProduct, selectCardColumns } from "~/models/catalogue/shared.server";
import type { ProductCard } from "~/types/catalogue";
import { daysBetween, isCalendarDate } from "~/utils/calendar-dates";

// What shoppers read of stays and experiences: the search of /stays and the extras of a stay
// page (its cooperative's certified products, trace links). Only published listings; a stay
// is found for dates only when one of its units is free for every night of the range (the one
// rule of selectAvailableUnits, which findAvailableUnits uses too: no live booking shares a
// night, no night is closed, the unit sleeps the guests and allows a stay that long).

export interface StaySearch {
  kind?: StayKind;
  countyZh?: string;
  checkIn?: string;
  checkOut?: string;
  guests?: number;
  maxPriceFen?: number;
  /** Keyset: the last listing id of the page before. */
  after?: number;
  limit: number;
  now: Date;
}

export interface StaySearchRow {
  id: number;
  slug: string;
  kind: StayKind;
  nameZh: string;
  nameEn: string;
  countyZh: string;
  countyEn: string;
  villageZh: string;
  villageEn: string;
  accessKind: "rail" | "expressway" | null;
  accessPointZh: string;
  accessPointEn: string;
  accessDistanceKm: string | null;
  /** The lowest nightly base price of a matching unit, or the lowest price of a matching slot. */
  fromPriceFen: number | null;
  image: { storageKey: string; altZh: string; altEn: string } | null;
}

/** A unit of listing `l` that can take the search: active, big enough, cheap enough, free for the dates. */
function matchingUnit(db: Kysely<Database>, eb: ExpressionBuilder<Database & { l: Database["stay_listings"] }, "l">, search: StaySearch): Expression<SqlBool> {
  const dated = search.checkIn !== undefined && search.checkOut !== undefined;
  return eb.exists(
    selectAvailableUnits(db, {
      guests: search.guests,
      nights: dated ? daysBetween(search.checkIn!, search.checkOut!) : undefined,
      free: dated ? { checkIn: search.checkIn!, checkOut: search.checkOut!, now: search.now } : undefined,
    })
      .select("u.id")
      .where("u.listing_id", "=", eb.ref("l.id"))
      .$if(search.maxPriceFen !== undefined, (q) => q.where("u.base_price_fen", "<=", search.maxPriceFen!)),
  );
}

/** An open, future slot of listing `l` with places for the guests, within the dates (China days) when given. */
function matchingSlot(eb: ExpressionBuilder<Database & { l: Database["stay_listings"] }, "l">, search: StaySearch): Expression<SqlBool> {
  return eb.exists(slotQuery(eb, search).select("s.id"));
}

function slotQuery(eb: ExpressionBuilder<Database & { l: Database["stay_listings"] }, "l">, search: StaySearch) {
  return eb
    .selectFrom("experience_slots as s")
    .whereRef("s.listing_id", "=", "l.id")
    .where("s.status", "=", "open")
    .where("s.starts_at", ">", search.now)
    .where(sql<boolean>`s.booked + ${search.guests ?? 1}::integer <= s.capacity`)
    .$if(search.maxPriceFen !== undefined, (q) => q.where("s.price_fen", "<=", search.maxPriceFen!))
    .$if(search.checkIn !== undefined && search.checkOut !== undefined, (q) =>
      q
        .where(sql<boolean>`(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date >= ${search.checkIn!}::date`)
        .where(sql<boolean>`(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date < ${search.checkOut!}::date`),
    );
}

/**
 * Published listings matching the search, by listing id (keyset paging: `after` is the last id
 * of the page before; `hasMore` when another page follows).
 */
export async function searchStays(db: Kysely<Database>, search: StaySearch): Promise<{ listings: StaySearchRow[]; hasMore: boolean }> {
  if ((search.checkIn !== undefined || search.checkOut !== undefined) && !(isCalendarDate(search.checkIn) && isCalendarDate(search.checkOut) && search.checkOut > search.checkIn)) {
    return { listings: [], hasMore: false };
  }
  const rows = await db
    .selectFrom("stay_listings as l")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("stay_images as i")
          .select(["i.storage_key", "i.alt_zh", "i.alt_en"])
          .whereRef("i.listing_id", "=", "l.id")
          .orderBy("i.position")
          .orderBy("i.id")
          .limit(1)
          .as("img"),
      (join) => join.onTrue(),
    )
    .select((eb) => [
      "l.id",
      "l.slug",
      "l.kind",
      "l.name_zh",
      "l.name_en",
      "l.county_zh",
      "l.county_en",
      "l.village_zh",
      "l.village_en",
      "l.access_kind",
      "l.access_point_zh",
      "l.access_point_en",
      "l.access_distance_km",
      "img.storage_key",
      "img.alt_zh",
      "img.alt_en",
      eb
        .case()
        .when("l.kind", "=", "stay")
        .then(
          eb
            .selectFrom("stay_units as u")
            .select((s) => s.fn.min<number>("u.base_price_fen").as("p"))
            .whereRef("u.listing_id", "=", "l.id")
            .where("u.active", "=", true)
            .$if(search.guests !== undefined, (q) => q.where("u.capacity", ">=", search.guests!)),
        )
        .else(slotQuery(eb, search).select((s) => s.fn.min<number>("s.price_fen").as("p")))
        .end()
        .as("from_price_fen"),
    ])
    .where("l.status", "=", "published")
    .$if(search.kind !== undefined, (q) => q.where("l.kind", "=", search.kind!))
    .$if(search.countyZh !== undefined, (q) => q.where("l.county_zh", "=", search.countyZh!))
    .$if(search.after !== undefined, (q) => q.where("l.id", ">", search.after!))
    .where((eb) => eb.or([eb.and([eb("l.kind", "=", "stay"), matchingUnit(db, eb, search)]), eb.and([eb("l.kind", "=", "experience"), matchingSlot(eb, search)])]))
    .orderBy("l.id")
    .limit(search.limit + 1)
    .execute();
  const listings = rows.slice(0, search.limit).map(
    (row): StaySearchRow => ({
      id: row.id,
      slug: row.slug,
      kind: row.kind,
      nameZh: row.name_zh,
      nameEn: row.name_en,
      countyZh: row.county_zh,
      countyEn: row.county_en,
      villageZh: row.village_zh,
      villageEn: row.village_en,
      accessKind: row.access_kind,
      accessPointZh: row.access_point_zh,
      accessPointEn: row.access_point_en,
      accessDistanceKm: row.access_distance_km,
      fromPriceFen: row.from_price_fen === null ? null : Number(row.from_price_fen),
      image: row.storage_key ? { storageKey: row.storage_key, altZh: row.alt_zh ?? "", altEn: row.alt_en ?? "" } : null,
    }),
  );
  return { listings, hasMore: rows.length > search.limit };
}

/** The counties that have a published listing, for the filter (Chinese name and English). */
export async function listStayCounties(db: Kysely<Database>): Promise<{ zh: string; en: string }[]> {
  const rows = await db
    .selectFrom("stay_listings")
    .select(["county_zh", sql<string>`max(county_en)`.as("county_en")])
    .where("status", "=", "published")
    .groupBy("county_zh")
    .orderBy("county_zh")
    .execute();
  return rows.map((row) => ({ zh: row.county_zh, en: row.county_en }));
}

/** The listings' active units free for every night of [checkIn, checkOut) for `guests`, with what pricing needs. */
export async function freeUnits(
  db: Kysely<Database>,
  input: { listingIds: readonly number[]; checkIn: string; checkOut: string; guests: number; now: Date },
) {
  if (input.listingIds.length === 0 || !isCalendarDate(input.checkIn) || !isCalendarDate(input.checkOut) || input.checkOut <= input.checkIn) return [];
  return selectAvailableUnits(db, { guests: input.guests, free: input })
    .select(["u.id", "u.listing_id", "u.base_price_fen", "u.weekend_price_fen", "u.min_nights"])
    .where("u.listing_id", "in", [...input.listingIds])
    .orderBy("u.id")
    .execute();
}

/** The cooperative a listing belongs to, as its public pages name it. */
export async function listingCooperative(db: Kysely<Database>, input: { cooperativeId: number }) {
  return db.selectFrom("cooperatives").select(["id", "slug", "name_zh", "name_en", "county_zh", "county_en"]).where("id", "=", input.cooperativeId).executeTakeFirst();
}

/**
 * "Take the harvest home": the cooperative's products on sale, those with a certificate shown
 * to shoppers first (the same cards and badges as the catalogue), at most `limit`.
 */
export async function cooperativeHarvest(
  db: Kysely<Database>,
  input: { cooperativeId: number; locale: Locale; today: string; limit: number },
): Promise<ProductCard[]> {
  const rows = await selectCardColumns(db)
    .where("p.cooperative_id", "=", input.cooperativeId)
    .where(publicProduct("p"))
    .orderBy(sql`p.published_at DESC NULLS FIRST`)
    .orderBy("p.id", "desc")
    .limit(24)
    .execute();
  const cards = await cardsFor(db, { rows, locale: input.locale, today: input.today });
  const certified = cards.filter((card) => card.badges.length > 0);
  const rest = cards.filter((card) => card.badges.length === 0);
  return [...certified, ...rest].slice(0, input.limit);
}

/** The cooperative's latest batches with a trace page (/trace/:code). */
export async function cooperativeTraceCodes(db: Kysely<Database>, input: { cooperativeId: number; locale: Locale; limit: number }) {
  const rows = await db
    .selectFrom("batches as b")
    .innerJoin("products as p", "p.id", "b.product_id")
    .select(["b.code", "b.harvested_on", "p.name_zh", "p.name_en"])
    .where("p.cooperative_id", "=", input.cooperativeId)
    .where(publicProduct("p"))
    .orderBy("b.harvested_on", "desc")
    .orderBy("b.id", "desc")
    .limit(input.limit)
    .execute();
  return rows.map((row) => ({ code: row.code, harvestedOn: row.harvested_on, product: input.locale === "en" && row.name_en ? row.name_en : row.name_zh }));
}


