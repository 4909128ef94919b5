import { z } from "zod";
import { parseYuanToFen } from "~/utils/money";

// Field rules the form schemas share (cooperative products and trust records, households and
// distributions). Messages are bare keys; each namespace has its own texts for them.

export const requiredText = (max: number) => z.string({ error: "required" }).trim().max(max, { error: "tooLong" }).min(1, { error: "required" });
/** A field that may be left out or empty: English beside a required Chinese one, notes. */
export const optionalText = (max: number) => z.string().trim().max(max, { error: "tooLong" }).default("");

/** A field that may be left out or empty (undefined then), else checked by `schema`. */
export const blankOr = <Out>(schema: z.ZodType<Out, string>) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(schema.optional());

export const isoDate = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "dateFormat" })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= "1990-01-01" && value <= "2100-12-31";
  }, { error: "dateFormat" });

/**
 * Yuan typed by a person ("12.8", "￥1,280.50", "12 元") to integer fen between `min` and `max`;
 * fractions of a fen refused. Each form names its own messages.
 */
export const typedYuan = ({ min, max, errors }: { min: number; max: number; errors: { format: string; tooLow: string; tooHigh: string } }) =>
  z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .transform((value, ctx) => {
      // Full-width digits and ￥ from a Chinese keyboard, and a trailing 元, are what people type.
      const typed = value.normalize("NFKC").replace(/\s*元$/, "").trim();
      // A comma is only a thousands separator: "12,5" is someone's 12.5, never ¥125.
      const fen = typed.includes(",") && !/^¥?\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/.test(typed) ? null : parseYuanToFen(typed);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: errors.format });
        return z.NEVER;
      }
      if (fen < min) {
        ctx.addIssue({ code: "custom", message: errors.tooLow });
        return z.NEVER;
      }
      if (fen > max) {
        ctx.addIssue({ code: "custom", message: errors.tooHigh });
        return z.NEVER;
      }
      return fen;
    });
