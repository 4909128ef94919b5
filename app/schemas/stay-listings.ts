import { z } from "zod";
import { slugField, wholeNumber, yuanPrice } from "~/schemas/coop";
import { isoDate } from "~/schemas/fields";
import { yuanAmount } from "~/schemas/households";
import { addDays, daysBetween } from "~/utils/calendar-dates";
import { normalizeMainlandMobile } from "~/utils/phone-numbers";

// The forms of the cooperative's stays and experiences (`/coop/stays`) and of its bookings
// (`/coop/bookings`). Error messages are keys of the `coopStays` namespace (`errors.<key>`).

export const STAY_KINDS = ["stay", "experience"] as const;
export const ACCESS_KINDS = ["rail", "expressway"] as const;
export const LISTING_STATUSES = ["draft", "published", "archived"] as const;

/** The amenities a host may tick; their words are `amenities.<key>` in zh and en. */
export const AMENITIES = [
  "wifi",
  "parking",
  "breakfast",
  "farm_meals",
  "private_bathroom",
  "hot_water",
  "air_conditioning",
  "heating",
  "kitchen",
  "laundry",
  "mountain_view",
  "garden",
  "child_friendly",
  "pets_allowed",
  "pickup_from_station",
  "accessible",
] as const;
export type Amenity = (typeof AMENITIES)[number];

/** Which status changes the page offers from each status. */
export const LISTING_STATUS_CHANGES: Record<(typeof LISTING_STATUSES)[number], ("published" | "draft" | "archived")[]> = {
  draft: ["published", "archived"],
  published: ["draft", "archived"],
  archived: ["draft"],
};

/** The most nights one closing or one rate may cover. */
export const MAX_CLOSE_NIGHTS = 366;

const text = (max: number) => z.string({ error: "required" }).trim().max(max, { error: "tooLong" });
const requiredText = (max: number) => text(max).min(1, { error: "required" });
const optionalText = (max: number) => z.string().trim().max(max, { error: "tooLong" }).default("");
/** An empty box is "not given": undefined for the schema after it. */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const clockTime = z
  .string()
  .trim()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: "timeFormat" });
const optionalTime = z.preprocess(blankToUndefined, clockTime.optional()).transform((value) => value ?? null);
const optionalWhole = (min: number, max: number) => z.preprocess(blankToUndefined, wholeNumber(min, max).optional()).transform((value) => value ?? null);

/** A host's telephone: a mainland mobile or a landline with its area code; spaces and dashes dropped. */
export const hostPhone = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(40, { error: "phoneFormat" })
    .transform(normalizeMainlandMobile)
    .pipe(z.string().regex(/^(?:1[3-9]\d{9}|0\d{9,11})$/, { error: "phoneFormat" }))
    .optional(),
).transform((value) => value ?? null);

const distanceKm = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((value) => value.normalize("NFKC").replace(/\s*(公里|km)$/i, "").trim())
    .pipe(z.string().regex(/^\d{1,4}(?:\.\d)?$/, { error: "distanceFormat" }))
    .transform(Number)
    .optional(),
).transform((value) => value ?? null);

const amenities = z
  .array(z.enum(AMENITIES, { error: "choose" }))
  .max(AMENITIES.length)
  .default([])
  .transform((list) => [...new Set(list)]);

const listingFields = z.object({
  name_zh: requiredText(120),
  name_en: optionalText(120),
  description_zh: optionalText(5000),
  description_en: optionalText(5000),
  county_zh: requiredText(60),
  county_en: optionalText(60),
  village_zh: optionalText(120),
  village_en: optionalText(120),
  address_zh: optionalText(300),
  address_en: optionalText(300),
  access_kind: z.preprocess(blankToUndefined, z.enum(ACCESS_KINDS, { error: "choose" }).optional()).transform((value) => value ?? null),
  access_point_zh: optionalText(120),
  access_point_en: optionalText(120),
  access_distance_km: distanceKm,
  directions_zh: optionalText(2000),
  directions_en: optionalText(2000),
  check_in_from: optionalTime,
  check_out_until: optionalTime,
  house_rules_zh: optionalText(3000),
  house_rules_en: optionalText(3000),
  amenities,
  included_zh: optionalText(2000),
  included_en: optionalText(2000),
  duration_minutes: optionalWhole(15, 24 * 60),
  min_age: optionalWhole(0, 99),
  host_phone: hostPhone,
  cancel_free_days: wholeNumber(0, 365),
  cancel_late_refund_percent: wholeNumber(0, 100),
});

type ListingShape = z.infer<typeof listingFields> & { kind: (typeof STAY_KINDS)[number] };

function checkListing(listing: ListingShape, ctx: z.RefinementCtx) {
  if (listing.access_kind !== null && listing.access_distance_km === null) ctx.addIssue({ code: "custom", path: ["access_distance_km"], message: "distanceNeeded" });
  if (listing.access_kind === null && listing.access_distance_km !== null) ctx.addIssue({ code: "custom", path: ["access_kind"], message: "accessKindNeeded" });
  if (listing.kind === "experience" && listing.duration_minutes === null) ctx.addIssue({ code: "custom", path: ["duration_minutes"], message: "durationNeeded" });
}

export const newListingSchema = listingFields
  .extend({
    kind: z.enum(STAY_KINDS, { error: "choose" }),
    slug: z.preprocess(blankToUndefined, slugField.max(80, { error: "tooLong" }).optional()),
  })
  .superRefine(checkListing);
export type NewListingInput = z.infer<typeof newListingSchema>;

/** Editing keeps the kind: a stay's units and an experience's slots are not interchangeable. */
export function editListingSchema(kind: (typeof STAY_KINDS)[number]) {
  return listingFields.extend({ slug: slugField.max(80, { error: "tooLong" }) }).superRefine((listing, ctx) => checkListing({ ...listing, kind }, ctx));
}

export const listingStatusSchema = z.object({ to: z.enum(["published", "draft", "archived"]) });

// ---------------------------------------------------------------- units, rates, nights, slots

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === "1", z.boolean());
const optionalPrice = z.preprocess(blankToUndefined, yuanPrice.optional()).transform((value) => value ?? null);
const formId = z.string({ error: "required" }).trim().regex(/^\d{1,9}$/, { error: "required" }).transform(Number);

export const unitSchema = z.object({
  name_zh: requiredText(120),
  name_en: optionalText(120),
  capacity: wholeNumber(1, 50),
  beds_zh: optionalText(200),
  beds_en: optionalText(200),
  base_price: yuanPrice,
  weekend_price: optionalPrice,
  min_nights: wholeNumber(1, 30),
  active: checkbox.default(false),
});
export type UnitInput = z.infer<typeof unitSchema>;

export const unitEditSchema = unitSchema.extend({ unit_id: formId });

/** A range of nights as a host thinks of it: the first and the last night, both included. */
const nightRange = z
  .object({ unit_id: formId, first_night: isoDate, last_night: isoDate })
  .superRefine((range, ctx) => {
    if (range.last_night < range.first_night) ctx.addIssue({ code: "custom", path: ["last_night"], message: "lastBeforeFirst" });
    else if (daysBetween(range.first_night, range.last_night) + 1 > MAX_CLOSE_NIGHTS) ctx.addIssue({ code: "custom", path: ["last_night"], message: "rangeTooLong" });
  });

export const rateSchema = z
  .object({
    unit_id: formId,
    label_zh: requiredText(60),
    label_en: optionalText(60),
    first_night: isoDate,
    last_night: isoDate,
    price: yuanPrice,
    min_nights: optionalWhole(1, 30),
  })
  .superRefine((rate, ctx) => {
    if (rate.last_night < rate.first_night) ctx.addIssue({ code: "custom", path: ["last_night"], message: "lastBeforeFirst" });
    else if (daysBetween(rate.first_night, rate.last_night) + 1 > MAX_CLOSE_NIGHTS) ctx.addIssue({ code: "custom", path: ["last_night"], message: "rangeTooLong" });
  })
  .transform((rate) => ({ ...rate, starts_on: rate.first_night, ends_on: addDays(rate.last_night, 1) }));

export const rateDeleteSchema = z.object({ rate_id: formId });

export const nightsSchema = nightRange;
export type NightsInput = z.infer<typeof nightsSchema>;

/** Every night of an inclusive range. */
export function nightsBetween(first: string, last: string): string[] {
  const nights: string[] = [];
  for (let night = first; night <= last; night = addDays(night, 1)) nights.push(night);
  return nights;
}

export const slotSchema = z.object({
  starts_on: isoDate,
  starts_time: z.string({ error: "required" }).trim().min(1, { error: "required" }).pipe(clockTime),
  capacity: wholeNumber(1, 500),
  price: yuanAmount(true).pipe(z.number().max(10_000_000, { error: "priceTooHigh" })),
});

export const slotCapacitySchema = z.object({ slot_id: formId, capacity: wholeNumber(1, 500) });

/** The calendar's query: `?unit=12&month=2026-12`. */
export const calendarQuerySchema = z.object({
  unit: z.preprocess(blankToUndefined, z.string().regex(/^\d{1,9}$/).transform(Number).optional()).catch(undefined),
  month: z.preprocess(blankToUndefined, z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).refine((m) => m >= "2000-01" && m <= "2099-12").optional()).catch(undefined),
});

// ---------------------------------------------------------------- bookings

export const bookingDaySchema = z.preprocess(blankToUndefined, isoDate.optional()).catch(undefined);

export const bookingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("checked_in"), booking_id: formId }),
  z.object({ intent: z.literal("no_show"), booking_id: formId }),
  z.object({ intent: z.literal("cancel"), booking_id: formId, confirm: z.literal("yes", { error: "confirmCancel" }) }),
]);
