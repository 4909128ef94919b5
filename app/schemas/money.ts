import { z } from "zod";
import { typedYuan } from "~/schemas/fields";

// The money office's forms. Error messages are keys of the `money` namespace (`errors.<key>`).

const text = (max: number) => z.string({ error: "required" }).trim().min(1, { error: "required" }).max(max, { error: "tooLong" });
const id = z.string({ error: "required" }).trim().regex(/^\d{1,9}$/, { error: "required" }).transform(Number);

/** A statement or batch id from the URL: null for anything that is not one. */
export function idParam(value: string | undefined): number | null {
  return value && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

export const bankAccountSchema = z.object({
  account_name: text(100),
  bank_name: text(100),
  // People copy numbers with spaces or dashes in groups of four; the bank wants the digits.
  account_number: z
    .string({ error: "required" })
    .transform((value) => value.normalize("NFKC").replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, { error: "required" }).regex(/^\d{8,30}$/, { error: "accountNumber" })),
  password: z.string().max(200, { error: "tooLong" }).default(""),
});

/** The same two kinds as models/settlement-period (schemas may not import models). */
export const SETTLEMENT_PERIOD_CHOICES = ["monthly", "weekly"] as const;

export const settlementPeriodSchema = z.object({ settlement_period: z.enum(SETTLEMENT_PERIOD_CHOICES, { error: "required" }) });

/** The most an admin may set: 50 % (the journal's CHECK says the same). */
export const MAX_RATE_BP = 5000;

export const commissionRateSchema = z.object({
  cooperative_id: id,
  // A percentage with at most two decimals ("5", "4.5", "4.25"), kept as basis points.
  rate: z
    .string({ error: "required" })
    .transform((value) => value.normalize("NFKC").replace(/\s*%$/, "").trim())
    .pipe(z.string().min(1, { error: "required" }).regex(/^\d{1,2}(\.\d{1,2})?$/, { error: "ratePercent" }))
    .transform((value) => Math.round(Number(value) * 100))
    .pipe(z.number().max(MAX_RATE_BP, { error: "rateTooHigh" })),
  effective_from: z
    .string({ error: "required" })
    .trim()
    .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { error: "date" }),
});

export const prepareBatchSchema = z.object({
  statement_ids: z.array(z.string().regex(/^\d{1,9}$/, { error: "chooseStatements" }).transform(Number), { error: "chooseStatements" }).min(1, { error: "chooseStatements" }),
});

export const markPaidSchema = z.object({ bank_reference: text(100) });

/** The most one adjustment may move either way: ¥1,000,000. Anything above is a typing mistake. */
export const MAX_ADJUSTMENT_FEN = 100_000_000;

const adjustmentMagnitude = typedYuan({ min: 1, max: MAX_ADJUSTMENT_FEN, errors: { format: "adjustmentAmount", tooLow: "adjustmentZero", tooHigh: "adjustmentTooLarge" } });

/** Yuan with a sign ("120.50", "-35", "−35 元") to integer fen, never zero. */
const signedYuan = z.string({ error: "required" }).transform((value, ctx) => {
  // A minus typed on a Chinese keyboard or pasted from a document is often U+2212 or a dash.
  const typed = value.normalize("NFKC").trim().replace(/^[\u2212\u2013]/, "-");
  const negative = typed.startsWith("-");
  const parsed = adjustmentMagnitude.safeParse(typed.replace(/^[-+]\s*/, ""));
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]!.message });
    return z.NEVER;
  }
  return negative ? -parsed.data : parsed.data;
});

export const adjustmentSchema = z.object({
  cooperative_id: id,
  amount: signedYuan,
  reason: text(200),
  // The form's one-time token: a second submission of the same form posts nothing.
  token: z.string({ error: "required" }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: "required" }),
});
