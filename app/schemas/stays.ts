import { z } from "zod";
import { isCalendarDate } from "~/utils/calendar-dates";

// The public stay pages: the filters of /stays (read leniently: a value that does not parse is
// dropped and named on the page, never passed on) and the booking form of /stays/:slug (strict:
// errors are keys of the `stays` namespace, `errors.<key>`).

export const STAY_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const stayParamsSchema = z.object({ slug: z.string().max(80).regex(STAY_SLUG) });

const calendarDate = z.string().trim().refine((value) => isCalendarDate(value), { error: "dateFormat" });
const smallInt = (min: number, max: number) => z.string().trim().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(min).max(max));

export const MAX_GUESTS = 50;
/** The highest price filter, ¥100,000 a night. */
const MAX_PRICE_YUAN = 100_000;

export interface StayFilters {
  county?: string;
  checkIn?: string;
  checkOut?: string;
  guests?: number;
  kind?: "stay" | "experience";
  maxPriceFen?: number;
  after?: number;
}

export type StayFilterName = "county" | "dates" | "guests" | "kind" | "max" | "after";

/** The filters of /stays from the query string; what does not parse is left out and named. */
export function parseStayFilters(params: URLSearchParams): { filters: StayFilters; ignored: StayFilterName[] } {
  const filters: StayFilters = {};
  const ignored: StayFilterName[] = [];
  const read = (name: string) => (params.get(name) ?? "").trim();

  const county = read("county");
  if (county) {
    if (county.length <= 60) filters.county = county;
    else ignored.push("county");
  }
  const checkIn = read("checkIn");
  const checkOut = read("checkOut");
  if (checkIn || checkOut) {
    const a = calendarDate.safeParse(checkIn);
    const b = calendarDate.safeParse(checkOut);
    if (a.success && b.success && b.data > a.data) {
      filters.checkIn = a.data;
      filters.checkOut = b.data;
    } else ignored.push("dates");
  }
  const guests = read("guests");
  if (guests) {
    const parsed = smallInt(1, MAX_GUESTS).safeParse(guests);
    if (parsed.success) filters.guests = parsed.data;
    else ignored.push("guests");
  }
  const kind = read("kind");
  if (kind) {
    if (kind === "stay" || kind === "experience") filters.kind = kind;
    else ignored.push("kind");
  }
  const max = read("max");
  if (max) {
    const parsed = z.string().regex(/^\d{1,6}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_PRICE_YUAN)).safeParse(max);
    if (parsed.success) filters.maxPriceFen = parsed.data * 100;
    else ignored.push("max");
  }
  const after = read("after");
  if (after) {
    const parsed = z.string().regex(/^\d{1,9}$/).transform(Number).safeParse(after);
    if (parsed.success) filters.after = parsed.data;
    else ignored.push("after");
  }
  return { filters, ignored };
}

/** The query string of /stays for these filters (without the cursor unless given). */
export function staySearchQuery(filters: StayFilters, extra: { after?: number } = {}): string {
  const params = new URLSearchParams();
  if (filters.county) params.set("county", filters.county);
  if (filters.checkIn && filters.checkOut) {
    params.set("checkIn", filters.checkIn);
    params.set("checkOut", filters.checkOut);
  }
  if (filters.guests) params.set("guests", String(filters.guests));
  if (filters.kind) params.set("kind", filters.kind);
  if (filters.maxPriceFen) params.set("max", String(Math.floor(filters.maxPriceFen / 100)));
  if (extra.after !== undefined) params.set("after", String(extra.after));
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** What a stay page may be asked to price: ?unit=&checkIn=&checkOut=&guests= (slot= for experiences). */
export function parseStayPageParams(params: URLSearchParams): { unit?: number; checkIn?: string; checkOut?: string; guests?: number; slot?: number } {
  const id = z.string().regex(/^\d{1,9}$/).transform(Number);
  const out: { unit?: number; checkIn?: string; checkOut?: string; guests?: number; slot?: number } = {};
  const unit = id.safeParse(params.get("unit") ?? "");
  if (unit.success) out.unit = unit.data;
  const slot = id.safeParse(params.get("slot") ?? "");
  if (slot.success) out.slot = slot.data;
  const a = calendarDate.safeParse(params.get("checkIn") ?? "");
  const b = calendarDate.safeParse(params.get("checkOut") ?? "");
  if (a.success && b.success && b.data > a.data) {
    out.checkIn = a.data;
    out.checkOut = b.data;
  }
  const guests = smallInt(1, MAX_GUESTS).safeParse(params.get("guests") ?? "");
  if (guests.success) out.guests = guests.data;
  return out;
}

const text = (max: number) => z.string().trim().max(max, { error: "tooLong" });

const contactFields = {
  contactName: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "tooLong" }),
  mobile: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(20, { error: "mobileFormat" }),
  email: z
    .string()
    .trim()
    .max(254, { error: "emailFormat" })
    .optional()
    .transform((value) => value || null)
    .pipe(z.email({ error: "emailFormat" }).nullable()),
  specialRequests: text(1000).optional().transform((value) => value ?? ""),
  holdKey: z.string().trim().regex(/^[A-Za-z0-9-]{8,64}$/).optional().catch(undefined),
};

export const stayBookingSchema = z
  .object({
    unit: z.string({ error: "unitRequired" }).regex(/^\d{1,9}$/, { error: "unitRequired" }).transform(Number),
    checkIn: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(calendarDate),
    checkOut: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(calendarDate),
    guests: z.string({ error: "required" }).trim().regex(/^\d{1,3}$/, { error: "guestsFormat" }).transform(Number).pipe(z.number().int().min(1, { error: "guestsFormat" }).max(MAX_GUESTS, { error: "guestsFormat" })),
    ...contactFields,
  })
  .refine((value) => value.checkOut > value.checkIn, { path: ["checkOut"], error: "checkOutBeforeCheckIn" });
export type StayBookingInput = z.infer<typeof stayBookingSchema>;

export const experienceBookingSchema = z.object({
  slot: z.string({ error: "slotRequired" }).regex(/^\d{1,9}$/, { error: "slotRequired" }).transform(Number),
  guests: z.string({ error: "required" }).trim().regex(/^\d{1,3}$/, { error: "guestsFormat" }).transform(Number).pipe(z.number().int().min(1, { error: "guestsFormat" }).max(500, { error: "guestsFormat" })),
  ...contactFields,
});
export type ExperienceBookingInput = z.infer<typeof experienceBookingSchema>;
