import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql, type Insertable, type Kysely, type Transaction } from "kysely";
import type { BookingCanceller, BookingsTable, BookingStatus, Database, Locale, StayKind } from "~db/schema";
import type { PricedNight } from "~/models/stay-pricing";
import { withTransaction } from "~/models/transaction.server";
import { isCalendarDate, stayRangeLiteral } from "~/utils/calendar-dates";

// Bookings of stays (a unit for a range of nights) and experiences (places in a slot).
//
// No double booking, under any concurrency, on PostgreSQL and PGlite alike: the exclusion
// constraint `bookings_no_overlap` refuses a second live booking (held, paid, checked in) of a
// unit on a night it already has, and a slot's places move with an UPDATE guarded by
// `booked + n <= capacity`. A refused insert is the answer "dates taken", never an error: it
// runs under a savepoint, so the caller's transaction stays usable.
//
// Every status move is an UPDATE guarded by the statuses it leaves, so it happens once; slot
// places go back only for the rows such an update returned. Lock order: the unit row (holds and
// closings of one unit take turns), then bookings, then slots.

const EXCLUSION_VIOLATION = "23P01";
const UNIQUE_VIOLATION = "23505";
/** Live bookings occupy their nights; the exclusion constraint's WHERE says the same. */
export const LIVE_STATUSES: readonly BookingStatus[] = ["held", "paid", "checked_in"];

export const BOOKING_NUMBER_PATTERN = /^BK\d{12}$/;

/** BK + China date (YYMMDD) + six random digits, like order numbers: readable on the phone, says nothing about volume. */
export function generateBookingNumber(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "2-digit", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `BK${part("year")}${part("month")}${part("day")}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

/** The secret of a guest's booking link: 256 random bits, of which only the SHA-256 is stored. */
export function generateBookingToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashBookingToken(token) };
}

export function hashBookingToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function bookingTokenMatches(storedHash: string, given: string | null | undefined): boolean {
  if (!given || given.length > 200) return false;
  const a = Buffer.from(storedHash, "hex");
  const b = Buffer.from(hashBookingToken(given), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorCode(error: unknown): { code?: string; constraint?: string } {
  return (error ?? {}) as { code?: string; constraint?: string };
}

interface BookingContact {
  contactName: string;
  contactMobile: string;
  email: string | null;
  specialRequests?: string;
  userId: number | null;
  locale: Locale;
}

interface NewBookingCommon extends BookingContact {
  cooperativeId: number;
  listingId: number;
  guests: number;
  totalFen: number;
  holdExpiresAt: Date;
  holdKey: string | null;
  cancelFreeDays: number;
  cancelLateRefundPercent: number;
}

export type InsertedBooking = { id: number; number: string; accessToken: string };

/**
 * Inserts a booking under a savepoint; a clash with the exclusion constraint answers
 * "dates_taken", a repeated hold key "duplicate_hold" (the caller returns the first one). A rare
 * clash of random numbers is retried with a new number.
 */
async function insertBookingRow(
  trx: Transaction<Database>,
  values: Omit<Insertable<BookingsTable>, "number" | "access_token_hash">,
): Promise<{ ok: true; booking: InsertedBooking } | { ok: false; code: "dates_taken" | "duplicate_hold" }> {
  for (let attempt = 1; ; attempt++) {
    const { token, hash } = generateBookingToken();
    const number = generateBookingNumber();
    await sql`SAVEPOINT booking_insert`.execute(trx);
    try {
      const row = await trx
        .insertInto("bookings")
        .values({ ...values, number, access_token_hash: hash })
        .returning(["id", "number"])
        .executeTakeFirstOrThrow();
      await sql`RELEASE SAVEPOINT booking_insert`.execute(trx);
      return { ok: true, booking: { id: row.id, number: row.number, accessToken: token } };
    } catch (error) {
      const { code, constraint } = errorCode(error);
      if (code !== EXCLUSION_VIOLATION && code !== UNIQUE_VIOLATION) throw error;
      await sql`ROLLBACK TO SAVEPOINT booking_insert`.execute(trx);
      if (code === EXCLUSION_VIOLATION) return { ok: false, code: "dates_taken" };
      if (constraint === "bookings_hold_key_key") return { ok: false, code: "duplicate_hold" };
      if (constraint === "bookings_number_key" && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Holds that lapsed but were not swept yet still hold their nights in the constraint's eyes:
 * expire those of this unit overlapping the range first, so they do not refuse a new guest.
 */
export async function expireLapsedHoldsOfUnit(trx: Transaction<Database>, input: { unitId: number; checkIn: string; checkOut: string; now: Date }): Promise<number> {
  const rows = await trx
    .updateTable("bookings")
    .set({ status: "expired", updated_at: sql`now()` })
    .where("unit_id", "=", input.unitId)
    .where("status", "=", "held")
    .where("hold_expires_at", "<=", input.now)
    .where(sql<boolean>`stay_range && ${stayRangeLiteral(input.checkIn, input.checkOut)}::daterange`)
    .returning("id")
    .execute();
  return rows.length;
}

/** A held stay booking; the caller holds the unit row's lock and has priced the nights. */
export async function insertStayHold(
  trx: Transaction<Database>,
  input: NewBookingCommon & { unitId: number; checkIn: string; checkOut: string; nights: PricedNight[] },
) {
  return insertBookingRow(trx, {
    kind: "stay",
    cooperative_id: input.cooperativeId,
    listing_id: input.listingId,
    unit_id: input.unitId,
    stay_range: stayRangeLiteral(input.checkIn, input.checkOut),
    guests: input.guests,
    nights: JSON.stringify(input.nights.map((n) => ({ night: n.night, priceFen: n.priceFen, source: n.source }))),
    ...commonColumns(input),
  });
}

/** Takes `people` places of an open, future slot; undefined (nothing changed) when they are not there. */
export async function takeSlotPlaces(trx: Transaction<Database>, input: { slotId: number; people: number; now: Date }) {
  return trx
    .updateTable("experience_slots as s")
    .set({ booked: sql`s.booked + ${input.people}`, updated_at: sql`now()` })
    .from("stay_listings as l")
    .whereRef("l.id", "=", "s.listing_id")
    .where("s.id", "=", input.slotId)
    .where("s.status", "=", "open")
    .where("l.status", "=", "published")
    .where("s.starts_at", ">", input.now)
    .where(sql<boolean>`s.booked + ${input.people} <= s.capacity`)
    .returning(["s.id", "s.listing_id as listingId", "l.cooperative_id as cooperativeId", "s.price_fen as priceFen", "s.starts_at as startsAt", "l.cancel_free_days as cancelFreeDays", "l.cancel_late_refund_percent as cancelLateRefundPercent"])
    .executeTakeFirst();
}

/** Why takeSlotPlaces changed nothing: no such bookable slot, or not enough places left. */
export async function slotRefusal(db: Kysely<Database>, input: { slotId: number; now: Date }): Promise<"not_found" | "sold_out"> {
  const slot = await db
    .selectFrom("experience_slots as s")
    .innerJoin("stay_listings as l", "l.id", "s.listing_id")
    .select("s.id")
    .where("s.id", "=", input.slotId)
    .where("s.status", "=", "open")
    .where("l.status", "=", "published")
    .where("s.starts_at", ">", input.now)
    .executeTakeFirst();
  return slot ? "sold_out" : "not_found";
}

async function returnSlotPlaces(trx: Transaction<Database>, rows: readonly { slot_id: number | null; guests: number }[]): Promise<void> {
  const perSlot = new Map<number, number>();
  for (const row of rows) if (row.slot_id !== null) perSlot.set(row.slot_id, (perSlot.get(row.slot_id) ?? 0) + row.guests);
  for (const [slotId, people] of [...perSlot].sort((a, b) => a[0] - b[0])) {
    await trx.updateTable("experience_slots").set({ booked: sql`booked - ${people}`, updated_at: sql`now()` }).where("id", "=", slotId).execute();
  }
}

/** A held experience booking; the caller took the places with takeSlotPlaces in the same transaction. */
export async function insertExperienceHold(trx: Transaction<Database>, input: NewBookingCommon & { slotId: number }) {
  return insertBookingRow(trx, { kind: "experience", cooperative_id: input.cooperativeId, listing_id: input.listingId, slot_id: input.slotId, guests: input.guests, nights: "[]", ...commonColumns(input) });
}

function commonColumns(input: NewBookingCommon) {
  return {
    hold_key: input.holdKey,
    user_id: input.userId,
    locale: input.locale,
    contact_name: input.contactName,
    contact_mobile: input.contactMobile,
    email: input.email,
    special_requests: input.specialRequests ?? "",
    hold_expires_at: input.holdExpiresAt,
    total_fen: input.totalFen,
    cancel_free_days: input.cancelFreeDays,
    cancel_late_refund_percent: input.cancelLateRefundPercent,
  };
}

export async function findBookingByHoldKey(db: Kysely<Database>, input: { holdKey: string }) {
  return db.selectFrom("bookings").select(["id", "number", "status", "user_id", "contact_mobile"]).where("hold_key", "=", input.holdKey).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Status moves

/**
 * Expires held bookings whose window has passed, up to `limit` per call; an experience hold gives
 * its places back. Rows another sweep or a payment is handling are skipped (SKIP LOCKED), and the
 * status guard means each hold expires, and frees its places, exactly once.
 */
export async function expireLapsedHolds(db: Kysely<Database>, input: { now: Date; limit: number }): Promise<number[]> {
  return withTransaction(db, async (trx) => {
    const expired = await trx
      .updateTable("bookings")
      .set({ status: "expired", updated_at: sql`now()` })
      .where("id", "in", (eb) =>
        eb
          .selectFrom("bookings")
          .select("id")
          .where("status", "=", "held")
          .where("hold_expires_at", "<=", input.now)
          .orderBy("hold_expires_at")
          .limit(input.limit)
          .forUpdate()
          .skipLocked(),
      )
      .where("status", "=", "held")
      .returning(["id", "slot_id", "guests"])
      .execute();
    await returnSlotPlaces(trx, expired);
    return expired.map((row) => row.id).sort((a, b) => a - b);
  });
}

export type BookingRow = Awaited<ReturnType<typeof lockBooking>>;

/** The booking row, locked; check-in and check-out as 'YYYY-MM-DD' for stays. */
export async function lockBooking(trx: Transaction<Database>, input: { bookingId: number }) {
  return trx
    .selectFrom("bookings")
    .selectAll()
    .select([sql<string | null>`lower(stay_range)::text`.as("check_in"), sql<string | null>`upper(stay_range)::text`.as("check_out")])
    .where("id", "=", input.bookingId)
    .forUpdate()
    .executeTakeFirst();
}

export type MarkPaidResult = "paid" | "already_paid" | "dates_taken" | "sold_out" | "not_payable";

/**
 * Records a captured payment. A held booking becomes paid. One that expired before the money
 * came is revived if its nights (or places) are still free, else the answer says they are gone
 * and the caller refunds. Cancelled bookings are not revived: the caller refunds.
 */
export async function markBookingPaid(trx: Transaction<Database>, input: { bookingId: number; capturedFen: number; now?: Date }): Promise<MarkPaidResult> {
  const booking = await lockBooking(trx, input);
  if (!booking) return "not_payable";
  if (booking.status === "paid" || booking.status === "checked_in") return "already_paid";
  if (booking.status !== "held" && booking.status !== "expired") return "not_payable";
  if (booking.status === "expired" && booking.slot_id !== null) {
    const slot = await trx
      .updateTable("experience_slots")
      .set({ booked: sql`booked + ${booking.guests}`, updated_at: sql`now()` })
      .where("id", "=", booking.slot_id)
      .where(sql<boolean>`booked + ${booking.guests} <= capacity`)
      .returning("id")
      .executeTakeFirst();
    if (!slot) return "sold_out";
  }
  await sql`SAVEPOINT booking_paid`.execute(trx);
  try {
    await trx
      .updateTable("bookings")
      .set({ status: "paid", captured_fen: sql`LEAST(total_fen, ${input.capturedFen}::bigint)`, paid_at: input.now ?? sql`now()`, updated_at: sql`now()` })
      .where("id", "=", booking.id)
      .where("status", "in", ["held", "expired"])
      .execute();
    await sql`RELEASE SAVEPOINT booking_paid`.execute(trx);
    return "paid";
  } catch (error) {
    if (errorCode(error).code !== EXCLUSION_VIOLATION) throw error;
    await sql`ROLLBACK TO SAVEPOINT booking_paid`.execute(trx);
    return "dates_taken";
  }
}

/**
 * Cancels a held or paid booking (frees its nights or places) and records what is due back.
 * Returns false, changing nothing, when it is in any other state.
 */
export async function cancelBookingRow(
  trx: Transaction<Database>,
  input: { bookingId: number; by: BookingCanceller; refundDueFen: number },
): Promise<boolean> {
  const row = await trx
    .updateTable("bookings")
    .set({ status: "cancelled", cancelled_by: input.by, cancelled_at: sql`now()`, refund_due_fen: sql`LEAST(captured_fen - refunded_fen, ${input.refundDueFen}::bigint)`, updated_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where("status", "in", ["held", "paid"])
    .returning(["id", "slot_id", "guests"])
    .executeTakeFirst();
  if (!row) return false;
  await returnSlotPlaces(trx, [row]);
  return true;
}

/** The host marks a paid booking of their own cooperative as checked in or a no-show. */
export async function markArrival(db: Kysely<Database>, input: { cooperativeId: number; bookingId: number; to: "checked_in" | "no_show" }): Promise<boolean> {
  const row = await db
    .updateTable("bookings")
    .set({ status: input.to, updated_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where("cooperative_id", "=", input.cooperativeId)
    .where("status", "=", "paid")
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

/** Records a refund the provider confirmed; never past what was captured (the CHECK agrees). */
export async function addBookingRefunded(trx: Transaction<Database>, input: { bookingId: number; amountFen: number }): Promise<boolean> {
  const row = await trx
    .updateTable("bookings")
    .set({ refunded_fen: sql`refunded_fen + ${input.amountFen}`, updated_at: sql`now()` })
    .where("id", "=", input.bookingId)
    .where(sql<boolean>`refunded_fen + ${input.amountFen} <= captured_fen`)
    .returning("id")
    .executeTakeFirst();
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Reading

const bookingColumns = [
  "b.id",
  "b.number",
  "b.kind",
  "b.status",
  "b.cooperative_id as cooperativeId",
  "b.listing_id as listingId",
  "b.unit_id as unitId",
  "b.slot_id as slotId",
  "b.guests",
  "b.contact_name as contactName",
  "b.contact_mobile as contactMobile",
  "b.email",
  "b.special_requests as specialRequests",
  "b.locale",
  "b.total_fen as totalFen",
  "b.captured_fen as capturedFen",
  "b.refund_due_fen as refundDueFen",
  "b.refunded_fen as refundedFen",
  "b.hold_expires_at as holdExpiresAt",
  "b.cancel_free_days as cancelFreeDays",
  "b.cancel_late_refund_percent as cancelLateRefundPercent",
  "b.cancelled_by as cancelledBy",
  "b.paid_at as paidAt",
  "b.created_at as createdAt",
] as const;

function bookingQuery(db: Kysely<Database>) {
  return db
    .selectFrom("bookings as b")
    .leftJoin("experience_slots as s", "s.id", "b.slot_id")
    .select(bookingColumns)
    .select([
      sql<string | null>`lower(b.stay_range)::text`.as("checkIn"),
      sql<string | null>`upper(b.stay_range)::text`.as("checkOut"),
      "s.starts_at as slotStartsAt",
      "b.access_token_hash as accessTokenHash",
      "b.user_id as userId",
      "b.nights",
    ]);
}

export type BookingView = NonNullable<Awaited<ReturnType<typeof getBookingById>>>;

export async function getBookingById(db: Kysely<Database>, input: { bookingId: number }) {
  return bookingQuery(db).where("b.id", "=", input.bookingId).executeTakeFirst();
}

/** A booking by its number for a guest's link: the token must match, else nothing (a 404 to the page). */
export async function getBookingForLink(db: Kysely<Database>, input: { number: string; token: string | null }) {
  if (!BOOKING_NUMBER_PATTERN.test(input.number)) return undefined;
  const booking = await bookingQuery(db).where("b.number", "=", input.number).executeTakeFirst();
  return booking && bookingTokenMatches(booking.accessTokenHash, input.token) ? booking : undefined;
}

/** A booking by number and the contact mobile it was made with (the lookup form). */
export async function getBookingByNumberAndMobile(db: Kysely<Database>, input: { number: string; mobile: string }) {
  if (!BOOKING_NUMBER_PATTERN.test(input.number)) return undefined;
  return bookingQuery(db).where("b.number", "=", input.number).where("b.contact_mobile", "=", input.mobile.replace(/[\s-]/g, "")).executeTakeFirst();
}

/** The cooperative's bookings arriving (or, for experiences, taking place) on a China day. */
export async function listArrivals(db: Kysely<Database>, input: { cooperativeId: number; day: string }) {
  return bookingQuery(db)
    .where("b.cooperative_id", "=", input.cooperativeId)
    .where("b.status", "in", ["paid", "checked_in", "no_show"])
    .where((eb) =>
      eb.or([
        eb(sql`lower(b.stay_range)`, "=", sql`${input.day}::date`),
        eb(sql`(s.starts_at AT TIME ZONE 'Asia/Shanghai')::date`, "=", sql`${input.day}::date`),
      ]),
    )
    .orderBy("b.id")
    .execute();
}

export interface NightState {
  night: string;
  state: "free" | "closed" | "held" | "booked";
}

/** Each night of [from, to) of a unit: booked (paid or checked in), held (live hold), closed or free. */
export async function unitNightStates(db: Kysely<Database>, input: { unitId: number; from: string; to: string; now: Date }): Promise<NightState[]> {
  if (!isCalendarDate(input.from) || !isCalendarDate(input.to) || input.to <= input.from) return [];
  const { rows } = await sql<NightState>`
    SELECT d::date::text AS night,
      CASE
        WHEN EXISTS (SELECT 1 FROM bookings b WHERE b.unit_id = ${input.unitId} AND b.status IN ('paid', 'checked_in') AND b.stay_range @> d::date) THEN 'booked'
        WHEN EXISTS (SELECT 1 FROM bookings b WHERE b.unit_id = ${input.unitId} AND b.status = 'held' AND b.hold_expires_at > ${input.now} AND b.stay_range @> d::date) THEN 'held'
        WHEN EXISTS (SELECT 1 FROM stay_closed_nights c WHERE c.unit_id = ${input.unitId} AND c.night = d::date) THEN 'closed'
        ELSE 'free'
      END AS state
    FROM generate_series(${input.from}::date, ${input.to}::date - 1, interval '1 day') AS d
    ORDER BY d`.execute(db);
  return rows;
}

export interface AvailableUnit {
  unitId: number;
  listingId: number;
  slug: string;
  listingNameZh: string;
  listingNameEn: string;
  unitNameZh: string;
  unitNameEn: string;
  countyZh: string;
  countyEn: string;
  capacity: number;
  basePriceFen: number;
}

/**
 * The units (`u`) that can take a stay: active, sleeping `guests`, allowing `nights` (when
 * given) and, for `free` dates, free for every night of [checkIn, checkOut): no live booking
 * shares a night, no night is closed. The one availability rule of the search pages and the
 * booking form; callers narrow it further (listing, price, paging) and pick the columns.
 */
export function selectAvailableUnits(
  db: Kysely<Database>,
  input: { guests?: number; nights?: number; free?: { checkIn: string; checkOut: string; now: Date } },
) {
  const { guests, nights, free } = input;
  return db
    .selectFrom("stay_units as u")
    .where("u.active", "=", true)
    .$if(guests !== undefined, (q) => q.where("u.capacity", ">=", guests!))
    .$if(nights !== undefined, (q) => q.where("u.min_nights", "<=", nights!))
    .$if(free !== undefined, (q) =>
      q
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("bookings as b")
                .select("b.id")
                .whereRef("b.unit_id", "=", "u.id")
                .where(sql<boolean>`b.stay_range && ${stayRangeLiteral(free!.checkIn, free!.checkOut)}::daterange`)
                .where((eb) => eb.or([eb("b.status", "in", ["paid", "checked_in"]), eb.and([eb("b.status", "=", "held"), eb("b.hold_expires_at", ">", free!.now)])])),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom("stay_closed_nights as c")
                .select("c.unit_id")
                .whereRef("c.unit_id", "=", "u.id")
                .where("c.night", ">=", free!.checkIn)
                .where("c.night", "<", free!.checkOut),
            ),
          ),
        ),
    );
}

/**
 * Units of published stays free for every night of [checkIn, checkOut): no live booking shares a
 * night, no night is closed, they sleep the guests and allow a stay that long. Keyset paging by
 * unit id (`after`); `hasMore` when another page follows.
 */
export async function findAvailableUnits(
  db: Kysely<Database>,
  input: { checkIn: string; checkOut: string; guests: number; nights: number; now: Date; countyZh?: string; maxBasePriceFen?: number; after?: number; limit: number },
): Promise<{ units: AvailableUnit[]; hasMore: boolean }> {
  if (!isCalendarDate(input.checkIn) || !isCalendarDate(input.checkOut) || input.checkOut <= input.checkIn) return { units: [], hasMore: false };
  const rows = await selectAvailableUnits(db, { guests: input.guests, nights: input.nights, free: input })
    .innerJoin("stay_listings as l", "l.id", "u.listing_id")
    .select([
      "u.id as unitId",
      "l.id as listingId",
      "l.slug",
      "l.name_zh as listingNameZh",
      "l.name_en as listingNameEn",
      "u.name_zh as unitNameZh",
      "u.name_en as unitNameEn",
      "l.county_zh as countyZh",
      "l.county_en as countyEn",
      "u.capacity",
      "u.base_price_fen as basePriceFen",
    ])
    .where("l.status", "=", "published")
    .where("l.kind", "=", "stay")
    .$if(input.countyZh !== undefined, (q) => q.where("l.county_zh", "=", input.countyZh!))
    .$if(input.maxBasePriceFen !== undefined, (q) => q.where("u.base_price_fen", "<=", input.maxBasePriceFen!))
    .$if(input.after !== undefined, (q) => q.where("u.id", ">", input.after!))
    .orderBy("u.id")
    .limit(input.limit + 1)
    .execute();
  return { units: rows.slice(0, input.limit), hasMore: rows.length > input.limit };
}

export type { BookingStatus, StayKind };
