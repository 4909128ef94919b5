import { z } from "zod";
import { blankOr, isoDate, requiredText, typedYuan } from "~/schemas/fields";

// The forms of member households, member accounts and surplus distributions. Error messages
// are keys of the `households` namespace (`errors.<key>`).

/** The most one amount may be: ¥100,000,000. Anything above is a typing mistake. */
export const MAX_AMOUNT_FEN = 10_000_000_000;

/** Yuan typed by a person ("1,280.50", "￥12", "12 元") to integer fen, zero allowed when `allowZero`. */
export const yuanAmount = (allowZero: boolean) =>
  typedYuan({ min: allowZero ? 0 : 1, max: MAX_AMOUNT_FEN, errors: { format: "amountFormat", tooLow: "amountZero", tooHigh: "amountTooLarge" } });

/** A percentage typed with up to two decimals ("60", "62.5") to basis points. */
export const percent = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .transform((value) => value.normalize("NFKC").replace(/\s*%$/, ""))
  .pipe(z.string().regex(/^\d{1,3}(?:\.\d{1,2})?$/, { error: "percentFormat" }))
  .transform((value) => Math.round(Number(value) * 100))
  .pipe(z.number().max(10_000, { error: "percentFormat" }));

const optionalDate = blankOr(isoDate).transform((value) => value ?? null);

export const householdSchema = z
  .object({
    head_name: requiredText(40),
    village: requiredText(60),
    joined_on: isoDate,
    left_on: optionalDate,
    // Only ever the last four characters of an identity number: a longer value is refused, not cut.
    id_last4: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.toUpperCase() : null))
      .pipe(z.string().regex(/^[0-9]{3}[0-9X]$/, { error: "idLast4" }).nullable()),
  })
  .refine((h) => h.left_on === null || h.left_on >= h.joined_on, { path: ["left_on"], error: "leftBeforeJoined" });
export type HouseholdForm = z.infer<typeof householdSchema>;

export const ENTRY_KINDS = ["cash_contribution", "land_contribution", "reserve_share", "subsidy", "donation"] as const;

export const accountEntrySchema = z
  .object({
    kind: z.enum(ENTRY_KINDS, { error: "choose" }),
    amount: yuanAmount(false),
    land_mu: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value.normalize("NFKC") : null))
      .pipe(z.string().regex(/^\d{1,6}(?:\.\d{1,2})?$/, { error: "muFormat" }).refine((v) => Number(v) > 0, { error: "muFormat" }).nullable()),
    entered_on: isoDate,
    note: z.string().trim().max(200, { error: "tooLong" }).default(""),
  })
  .refine((e) => e.kind !== "land_contribution" || e.land_mu !== null, { path: ["land_mu"], error: "muRequired" })
  .transform((e) => ({ ...e, land_mu: e.kind === "land_contribution" ? e.land_mu : null }));

/** Correcting an entry: the entry, and why. */
export const correctionSchema = z.object({
  entry_id: z.string().trim().regex(/^\d{1,15}$/, { error: "required" }).transform(Number),
  note: z.string().trim().min(1, { error: "required" }).max(200, { error: "tooLong" }),
});

export const deliverySchema = z.object({
  delivered_on: isoDate,
  produce: requiredText(60),
  weight_kg: z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .transform((value) => value.normalize("NFKC").replace(/\s*(公斤|kg)$/i, ""))
    .pipe(z.string().regex(/^\d{1,9}(?:\.\d{1,3})?$/, { error: "weightFormat" }))
    .transform((value) => Math.round(Number(value) * 1000))
    .pipe(z.number().min(1, { error: "weightFormat" })),
  amount: yuanAmount(true),
  batch_code: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.toUpperCase() : null)),
  note: z.string().trim().max(200, { error: "tooLong" }).default(""),
});
export type DeliveryForm = z.infer<typeof deliverySchema>;

export const NOTICE_NAMES = ["masked", "full", "number"] as const;

export const distributionSchema = z
  .object({
    period_start: isoDate,
    period_end: isoDate,
    income: yuanAmount(true),
    costs: yuanAmount(true),
    losses: yuanAmount(true),
    reserve_rate: percent,
    transaction_share: percent,
    // Part of the members' parts a members' assembly turned into contributions; none when empty.
    converted: z.preprocess((value) => (value === "" ? undefined : value), percent.optional()).transform((value) => value ?? 0),
    notice_names: z.enum(NOTICE_NAMES, { error: "choose" }).default("masked"),
  })
  .refine((d) => d.period_end >= d.period_start, { path: ["period_end"], error: "periodOrder" })
  .refine((d) => d.costs <= d.income, { path: ["costs"], error: "costsOverIncome" })
  .refine((d) => d.transaction_share >= 6_000, { path: ["transaction_share"], error: "belowLaw" });
export type DistributionForm = z.infer<typeof distributionSchema>;
