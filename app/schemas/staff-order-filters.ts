import { z } from "zod";
import type { OrderStatus, PaymentStatus } from "~db/schema";
import { CARRIER_KEYS } from "~/utils/carriers";

// The back office's URL parameters. A bad value is dropped (the filter falls back to
// "any") rather than failing the page: these URLs get bookmarked and hand-edited.

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "fulfilling",
  "partially_shipped",
  "shipped",
  "delivered",
  "cancelled",
] as const satisfies readonly OrderStatus[];

export const PAYMENT_STATUSES = ["unpaid", "paid", "partially_refunded", "refunded", "failed"] as const satisfies readonly PaymentStatus[];

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A real calendar day 'YYYY-MM-DD'. */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  });

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional()).catch(undefined);
}

/** A keyset cursor of a staff list sorted by a timestamp then id: "<timestamp as PostgreSQL prints it>~<id>". */
export const cursorSchema = z
  .string()
  .max(80)
  .transform((value, ctx) => {
    const match = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?)~(\d{1,10})$/.exec(value);
    if (!match) {
      ctx.addIssue({ code: "custom", message: "bad cursor" });
      return z.NEVER;
    }
    return { placedAt: match[1]!, id: Number(match[2]) };
  });

export const orderListSchema = z.object({
  q: optional(z.string().trim().max(100)),
  status: optional(z.enum(ORDER_STATUSES)),
  payment: optional(z.enum(PAYMENT_STATUSES)),
  from: optional(isoDay),
  to: optional(isoDay),
  coop: optional(z.coerce.number().int().positive().max(2_147_483_647)),
  carrier: optional(z.enum(CARRIER_KEYS)),
  flagged: z.preprocess((value) => value === "1" || value === "on" || value === "true", z.boolean()).catch(false),
  cursor: optional(cursorSchema),
});

export type OrderListParams = z.infer<typeof orderListSchema>;

export function orderListParams(search: URLSearchParams): OrderListParams {
  return orderListSchema.parse(Object.fromEntries(search));
}

/** The query string for these filters, with some values replaced ('' drops a key). */
export function searchWith(params: Record<string, unknown>, changes: Record<string, string | number | boolean | undefined>): string {
  const merged = { ...params, ...changes };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    search.set(key, value === true ? "1" : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const DAY_MS = 24 * 60 * 60 * 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export type RangeResult = { ok: true; from: string; to: string } | { ok: false; error: "errors.badRange" | "errors.rangeTooLong" };

/**
 * A report's date range from ?from=&to= (China days, inclusive). Missing values default to
 * the last 30 days ending today; a range backwards, malformed or longer than `maxDays` is
 * refused so the caller can answer 400 or fall back.
 */
export function parseReportRange(search: URLSearchParams, { today, maxDays }: { today: string; maxDays: number }): RangeResult {
  const rawFrom = search.get("from")?.trim() || null;
  const rawTo = search.get("to")?.trim() || null;
  const to = rawTo ?? today;
  const from = rawFrom ?? shiftDay(to, -29);
  if (!isoDay.safeParse(from).success || !isoDay.safeParse(to).success) return { ok: false, error: "errors.badRange" };
  const span = daysBetween(from, to);
  if (span < 0) return { ok: false, error: "errors.badRange" };
  if (span + 1 > maxDays) return { ok: false, error: "errors.rangeTooLong" };
  return { ok: true, from, to };
}

export function defaultReportRange(today: string): { from: string; to: string } {
  return { from: shiftDay(today, -29), to: today };
}
