import { z } from "zod";
import { CARRIER_KEYS } from "~/utils/carriers";
import { parseYuanToFen } from "~/utils/money";

// The staff order page's forms, one schema per intent. Messages are keys of the "staff"
// namespace, shown next to the field.

export type OrderIntent = "start" | "ship" | "event" | "deliver" | "cancel" | "refund";

/** Order numbers as the shop writes them (SS + digits); tests and imports may use other capitals and digits. */
export function orderNumberParam(value: string | undefined): string | null {
  return value && /^[A-Z0-9-]{4,40}$/.test(value) ? value : null;
}

const id = z
  .string()
  .regex(/^\d{1,9}$/, { error: "errors.invalid" })
  .transform(Number);

const reason = z.string({ error: "errors.reasonRequired" }).trim().min(1, { error: "errors.reasonRequired" }).max(500, { error: "errors.tooLong" });
const confirm = z.literal("yes", { error: "errors.confirmRequired" });

/** A datetime-local value typed in China time, not in the future. */
const chinaDateTime = z
  .string({ error: "errors.invalidTime" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: "errors.invalidTime" })
  .transform((value, ctx) => {
    const date = new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "errors.invalidTime" });
      return z.NEVER;
    }
    if (date.getTime() > Date.now() + 5 * 60_000) {
      ctx.addIssue({ code: "custom", message: "errors.futureTime" });
      return z.NEVER;
    }
    return date;
  });

const amount = z
  .string({ error: "errors.amount" })
  .transform((value, ctx) => {
    const fen = parseYuanToFen(value);
    if (fen === null || fen <= 0) {
      ctx.addIssue({ code: "custom", message: "errors.amount" });
      return z.NEVER;
    }
    return fen;
  });

export const orderActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("start") }),
    z.object({
      intent: z.literal("ship"),
      carrier: z.enum(CARRIER_KEYS, { error: "errors.carrier" }),
      trackingNumber: z.string({ error: "errors.trackingRequired" }).trim().min(1, { error: "errors.trackingRequired" }).max(40, { error: "errors.invalid_tracking" }),
    }),
    z.object({
      intent: z.literal("event"),
      shipmentId: id,
      status: z.enum(["in_transit", "out_for_delivery", "delivered", "exception", "returned"], { error: "errors.invalid" }),
      occurredAt: chinaDateTime,
      description: z.string({ error: "errors.descriptionRequired" }).trim().min(1, { error: "errors.descriptionRequired" }).max(200, { error: "errors.tooLong" }),
      location: z
        .string()
        .trim()
        .max(100, { error: "errors.tooLong" })
        .optional()
        .transform((value) => value || undefined),
    }),
    z.object({
      intent: z.literal("deliver"),
      shipmentId: id,
      note: z.string({ error: "errors.descriptionRequired" }).trim().min(1, { error: "errors.descriptionRequired" }).max(200, { error: "errors.tooLong" }),
    }),
    z.object({ intent: z.literal("cancel"), reason, confirm }),
    z.object({
      intent: z.literal("refund"),
      amount,
      reason,
      confirm,
      idempotencyKey: z.string().regex(/^[A-Za-z0-9:_-]{8,100}$/, { error: "errors.invalid" }),
    }),
  ],
  { error: "errors.unknownIntent" },
);

/** The shipment form's `qty-<orderItemId>` fields: units of each line in this parcel. */
export function parseShipmentLines(values: Record<string, string>): { lines: { orderItemId: number; quantity: number }[]; errors: string[] } {
  const lines: { orderItemId: number; quantity: number }[] = [];
  const errors: string[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const match = /^qty-(\d{1,9})$/.exec(key);
    if (!match) continue;
    const text = raw.trim();
    if (text === "") continue;
    if (!/^\d{1,4}$/.test(text)) {
      errors.push(key);
      continue;
    }
    const quantity = Number(text);
    if (quantity > 0) lines.push({ orderItemId: Number(match[1]), quantity });
  }
  return { lines, errors };
}
