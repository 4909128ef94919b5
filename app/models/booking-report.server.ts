import { sql, type Kysely } from "kysely";
import type { BookingCanceller, BookingStatus, Database, StayKind } from "~db/schema";
import { listBookingPayments, listBookingRefunds } from "~/models/booking-payment.server";
import { csvStream, CSV_BATCH_SIZE, type CsvCell } from "~/models/report.server";

// What the back office reads about stay and experience bookings: every cooperative's, newest
// first, filtered and paged by keyset (id descending: ids grow with creation), the same rows as
// a CSV, and one booking with its payments, refunds, ledger postings and history.

export const STAFF_BOOKINGS_PAGE_SIZE = 50;

export interface StaffBookingFilters {
  status?: BookingStatus;
  kind?: StayKind;
  cooperative?: number;
  /** Arrival (check-in, or the experience's China day), inclusive. */
  from?: string;
  to?: string;
  /** A booking number (or part of one) or a mobile number (or its last digits). */
  q?: string;
}

/** The China day a booking begins: its check-in, or the day of its experience slot. */
const arrivalDay = sql<string>`COALESCE(lower(b.stay_range), (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date)`;

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Kysely<Database>, filters: StaffBookingFilters) {
  let query = db
    .selectFrom("bookings as b")
    .innerJoin("stay_listings as l", "l.id", "b.listing_id")
    .innerJoin("cooperatives as c", "c.id", "b.cooperative_id")
    .leftJoin("stay_units as u", "u.id", "b.unit_id")
    .leftJoin("experience_slots as s", "s.id", "b.slot_id");
  if (filters.status) query = query.where("b.status", "=", filters.status);
  if (filters.kind) query = query.where("b.kind", "=", filters.kind);
  if (filters.cooperative) query = query.where("b.cooperative_id", "=", filters.cooperative);
  if (filters.from) query = query.where(sql<boolean>`${arrivalDay} >= ${filters.from}::date`);
  if (filters.to) query = query.where(sql<boolean>`${arrivalDay} <= ${filters.to}::date`);
  const q = filters.q?.trim();
  if (q) {
    const digits = q.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
    const number = `%${likeEscape(q.toUpperCase())}%`;
    query = query.where((eb) =>
      /^\d{4,11}$/.test(digits)
        ? eb.or([eb("b.number", "like", number), eb("b.contact_mobile", "like", `%${digits}`)])
        : eb("b.number", "like", number),
    );
  }
  return query.select([
    "b.id",
    "b.number",
    "b.kind",
    "b.status",
    "b.cooperative_id",
    "c.name_zh as cooperative_name_zh",
    "c.name_en as cooperative_name_en",
    "l.name_zh as listing_name_zh",
    "l.name_en as listing_name_en",
    "u.name_zh as unit_name_zh",
    "u.name_en as unit_name_en",
    sql<string | null>`lower(b.stay_range)::text`.as("check_in"),
    sql<string | null>`upper(b.stay_range)::text`.as("check_out"),
    "s.starts_at as slot_starts_at",
    "b.guests",
    "b.contact_name",
    "b.contact_mobile",
    "b.total_fen",
    "b.captured_fen",
    "b.refund_due_fen",
    "b.refunded_fen",
    "b.cancelled_by",
    "b.created_at",
    "b.paid_at",
    "b.cancelled_at",
  ]);
}

export interface StaffBookingRow {
  id: number;
  number: string;
  kind: StayKind;
  status: BookingStatus;
  cooperative_id: number;
  cooperative_name_zh: string;
  cooperative_name_en: string;
  listing_name_zh: string;
  listing_name_en: string;
  unit_name_zh: string | null;
  unit_name_en: string | null;
  check_in: string | null;
  check_out: string | null;
  slot_starts_at: Date | null;
  guests: number;
  contact_name: string;
  contact_mobile: string;
  total_fen: number;
  captured_fen: number;
  refund_due_fen: number;
  refunded_fen: number;
  cancelled_by: BookingCanceller | null;
  created_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
}

function toRow(row: Omit<StaffBookingRow, "total_fen" | "captured_fen" | "refund_due_fen" | "refunded_fen"> & Record<"total_fen" | "captured_fen" | "refund_due_fen" | "refunded_fen", number | string | bigint>): StaffBookingRow {
  return { ...row, total_fen: Number(row.total_fen), captured_fen: Number(row.captured_fen), refund_due_fen: Number(row.refund_due_fen), refunded_fen: Number(row.refunded_fen) };
}

/** One page of bookings, newest first; `next` is the cursor of the page after, if any. */
export async function listStaffBookings(
  db: Kysely<Database>,
  filters: StaffBookingFilters & { after?: number; limit?: number },
): Promise<{ rows: StaffBookingRow[]; next: number | null }> {
  const limit = filters.limit ?? STAFF_BOOKINGS_PAGE_SIZE;
  let query = filtered(db, filters);
  if (filters.after) query = query.where("b.id", "<", filters.after);
  const rows = (await query.orderBy("b.id", "desc").limit(limit + 1).execute()).map(toRow);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, next: more ? page[page.length - 1]!.id : null };
}

export const BOOKING_CSV_COLUMNS = [
  "number",
  "kind",
  "status",
  "cooperative",
  "listing",
  "unit",
  "checkIn",
  "checkOut",
  "slot",
  "guests",
  "contactName",
  "contactMobile",
  "total",
  "captured",
  "refundDue",
  "refunded",
  "cancelledBy",
  "createdAt",
  "paidAt",
  "cancelledAt",
] as const;

const yuan = (fen: number) => (fen / 100).toFixed(2);
const chinaTime = (value: Date | null) =>
  value ? new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short" }).format(value) : "";

function csvRow(row: StaffBookingRow): CsvCell[] {
  // Names come from guests and hosts: csvLines makes every text cell formula-safe.
  return [
    row.number,
    row.kind,
    row.status,
    row.cooperative_name_zh,
    row.listing_name_zh,
    row.unit_name_zh ?? "",
    row.check_in ?? "",
    row.check_out ?? "",
    chinaTime(row.slot_starts_at),
    row.guests,
    row.contact_name,
    row.contact_mobile,
    yuan(row.total_fen),
    yuan(row.captured_fen),
    yuan(row.refund_due_fen),
    yuan(row.refunded_fen),
    row.cancelled_by ?? "",
    chinaTime(row.created_at),
    chinaTime(row.paid_at),
    chinaTime(row.cancelled_at),
  ];
}

/** The filtered bookings as a CSV stream (BOM, header, rows newest first), one batch per pull. */
export function bookingsCsv(db: Kysely<Database>, filters: StaffBookingFilters, header: readonly string[]): ReadableStream<Uint8Array> {
  return csvStream(header, async (after) => {
    const page = await listStaffBookings(db, { ...filters, after: after ?? undefined, limit: CSV_BATCH_SIZE });
    return { rows: page.rows.map(csvRow), last: page.next };
  });
}

export interface BookingHistoryEvent {
  at: Date;
  kind: "held" | "payment_started" | "paid" | "refund" | "cancelled" | "staff_cancelled" | "ledger";
  detail: Record<string, string | number | null>;
}

/** One booking for the staff page: the row, its attempts, refunds, ledger postings and history. */
export async function getStaffBooking(db: Kysely<Database>, { number }: { number: string }) {
  const found = await filtered(db, {}).where("b.number", "=", number).select(["b.email", "b.special_requests", "b.hold_expires_at", "b.cancel_free_days", "b.cancel_late_refund_percent"]).executeTakeFirst();
  if (!found) return null;
  const booking = { ...toRow(found), email: found.email, special_requests: found.special_requests, hold_expires_at: found.hold_expires_at, cancel_free_days: found.cancel_free_days, cancel_late_refund_percent: found.cancel_late_refund_percent };
  const [payments, refunds, ledger, audits] = await Promise.all([
    listBookingPayments(db, { bookingId: booking.id }),
    listBookingRefunds(db, { bookingId: booking.id }),
    db
      .selectFrom("ledger_transactions as t")
      .innerJoin("ledger_entries as e", "e.transaction_id", "t.id")
      .select([
        "t.id",
        "t.kind",
        "t.posted_at",
        sql<number>`-sum(e.amount_fen) FILTER (WHERE e.account = 'cooperative_payable')`.as("payable"),
        sql<number>`-sum(e.amount_fen) FILTER (WHERE e.account = 'commission_income')`.as("commission"),
      ])
      .where("t.booking_id", "=", booking.id)
      .groupBy(["t.id", "t.kind", "t.posted_at"])
      .orderBy("t.id")
      .execute(),
    db
      .selectFrom("audit_events as a")
      .leftJoin("users as u", "u.id", "a.actor_user_id")
      .select(["a.id", "a.kind", "a.created_at", "a.data", "u.email as actor_email"])
      .where("a.kind", "=", "booking.cancelled")
      .where(sql<boolean>`a.data->>'bookingNumber' = ${number}`)
      .orderBy("a.id")
      .execute(),
  ]);
  const postings = ledger.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    postedAt: row.posted_at,
    payableFen: Number(row.payable ?? 0),
    commissionFen: Number(row.commission ?? 0),
  }));
  const history: BookingHistoryEvent[] = [{ at: booking.created_at, kind: "held", detail: { guests: booking.guests } }];
  for (const payment of payments) history.push({ at: payment.created_at, kind: "payment_started", detail: { attempt: payment.attempt, provider: payment.provider, status: payment.status } });
  if (booking.paid_at) history.push({ at: booking.paid_at, kind: "paid", detail: { amount: booking.captured_fen } });
  for (const refund of refunds) history.push({ at: refund.updated_at, kind: "refund", detail: { amount: Number(refund.amount_fen), status: refund.status, reason: refund.reason } });
  for (const posting of postings) history.push({ at: posting.postedAt, kind: "ledger", detail: { kind: posting.kind, payable: posting.payableFen } });
  if (booking.cancelled_at) history.push({ at: booking.cancelled_at, kind: "cancelled", detail: { by: booking.cancelled_by } });
  for (const audit of audits) {
    const data = (typeof audit.data === "string" ? JSON.parse(audit.data) : audit.data) as Record<string, unknown>;
    history.push({ at: audit.created_at, kind: "staff_cancelled", detail: { by: audit.actor_email, reason: typeof data.reason === "string" ? data.reason : null } });
  }
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    booking,
    payments: payments.map((p) => ({ ...p, amount_fen: Number(p.amount_fen), captured_fen: Number(p.captured_fen), refunded_fen: Number(p.refunded_fen) })),
    refunds: refunds.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) })),
    postings,
    history,
  };
}

/** The id of a booking by its number, or null. */
export async function findBookingIdByNumber(db: Kysely<Database>, { number }: { number: string }): Promise<number | null> {
  const row = await db.selectFrom("bookings").select("id").where("number", "=", number).executeTakeFirst();
  return row?.id ?? null;
}
