import { z } from "zod";
import { blankOr, isoDate, optionalText, requiredText, typedYuan } from "~/schemas/fields";

// One zod schema per cooperative form. Error messages are keys of the `coop` namespace
// (`errors.<key>`), so the server answers in the visitor's language without knowing it.
// Forms arrive as strings; `parseForm` (utils/form-errors.server.ts) hands these their fields.

export const CERTIFICATION_TYPES = ["green_food", "organic", "geographical_indication", "pollution_free", "poverty_alleviation", "other"] as const;
export const TEMPERATURE_CLASSES = ["ambient", "chilled", "frozen"] as const;
export const PRODUCT_STATUSES = ["draft", "active", "archived"] as const;

/** Which status changes the portal offers from each status (publish, unpublish, archive, restore). */
export const STATUS_CHANGES: Record<(typeof PRODUCT_STATUSES)[number], (typeof PRODUCT_STATUSES)[number][]> = {
  draft: ["active", "archived"],
  active: ["draft", "archived"],
  archived: ["draft"],
};

/** The most a single variant may cost (¥100,000): anything above is a typing mistake. */
export const MAX_PRICE_FEN = 10_000_000;
export const MAX_STOCK = 1_000_000;


/** A whole number typed in a form, between min and max. "-3", "2.5" and "1e3" are refused. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string({ error: "required" })
    .trim()
    .min(1, { error: "required" })
    .regex(/^\d+$/, { error: "wholeNumber" })
    .transform(Number)
    .pipe(z.number().min(min, { error: min === 0 ? "wholeNumber" : "numberTooSmall" }).max(max, { error: "numberTooLarge" }));

const id = z.string({ error: "required" }).trim().regex(/^\d{1,9}$/, { error: "required" }).transform(Number);
const optionalId = blankOr(z.string().regex(/^\d{1,9}$/, { error: "required" }).transform(Number));

/** Yuan typed by a person ("12.8", "¥1,280.50") to integer fen; negatives, fractions of a fen and absurd prices refused. */
export const yuanPrice = typedYuan({ min: 1, max: MAX_PRICE_FEN, errors: { format: "priceFormat", tooLow: "priceTooLow", tooHigh: "priceTooHigh" } });

export const skuField = z
  .string({ error: "required" })
  .trim()
  .min(1, { error: "required" })
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, { error: "skuFormat" }));

export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, { error: "tooLong" })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "slugFormat" });

// ---------------------------------------------------------------- products

const seasonMonths = z
  .array(z.string().regex(/^(?:[1-9]|1[0-2])$/, { error: "monthInvalid" }).transform(Number))
  .max(12)
  .transform((months) => [...new Set(months)].sort((a, b) => a - b));

export const productFieldsSchema = z.object({
  name_zh: requiredText(120),
  name_en: optionalText(160),
  description_zh: optionalText(5000),
  description_en: optionalText(8000),
  category_id: id,
  brand_id: optionalId,
  origin_county_zh: requiredText(60),
  origin_county_en: optionalText(80),
  temperature_class: z.enum(TEMPERATURE_CLASSES, { error: "choose" }),
  shelf_life_days: wholeNumber(1, 3650),
  season_months: seasonMonths,
});
export type ProductFields = z.infer<typeof productFieldsSchema>;

export const variantFieldsSchema = z.object({
  sku: skuField,
  label_zh: requiredText(60),
  label_en: optionalText(80),
  weight_grams: wholeNumber(1, 100_000),
  price: yuanPrice,
});
export type VariantFields = z.infer<typeof variantFieldsSchema>;

/** A new product arrives with its first variant and the stock counted so far. */
export const newProductSchema = productFieldsSchema.extend({
  slug: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(slugField.optional()),
  variant: variantFieldsSchema.extend({ stock: wholeNumber(0, MAX_STOCK) }),
});
export type NewProductInput = z.infer<typeof newProductSchema>;

export const editProductSchema = productFieldsSchema.extend({ slug: slugField });
export type EditProductInput = z.infer<typeof editProductSchema>;

export const newVariantSchema = variantFieldsSchema.extend({ stock: wholeNumber(0, MAX_STOCK) });
export const editVariantSchema = variantFieldsSchema.extend({
  variant_id: id,
  active: z.enum(["on", "off"]).optional().transform((value) => value === "on"),
});

export const stockAdjustmentSchema = z.object({
  variant_id: id,
  direction: z.enum(["add", "remove"], { error: "choose" }),
  quantity: wholeNumber(1, MAX_STOCK),
  reason: requiredText(200),
});

export const imageAltSchema = z.object({
  alt_zh: requiredText(200),
  alt_en: optionalText(200),
});

// ------------------------------------------------------------ trust records

export const brandSchema = z
  .object({
    name: requiredText(100),
    registration_number: z
      .string({ error: "required" })
      .trim()
      .min(1, { error: "required" })
      .regex(/^\d{5,12}$/, { error: "registrationNumber" }),
    nice_class: wholeNumber(1, 45),
    registrant: requiredText(200),
    registered_on: isoDate,
    expires_on: isoDate,
  })
  .refine((brand) => brand.expires_on > brand.registered_on, { path: ["expires_on"], error: "expiresBeforeStart" });
export type BrandInput = z.infer<typeof brandSchema>;

export const certificationSchema = z
  .object({
    type: z.enum(CERTIFICATION_TYPES, { error: "choose" }),
    number: requiredText(64),
    issuing_body: requiredText(200),
    scope_zh: optionalText(500),
    scope_en: optionalText(500),
    issued_on: isoDate,
    expires_on: isoDate,
    replaces_id: optionalId,
  })
  .refine((certificate) => certificate.expires_on > certificate.issued_on, { path: ["expires_on"], error: "expiresBeforeStart" });
export type CertificationInput = z.infer<typeof certificationSchema>;

export const batchSchema = z
  .object({
    product_id: id,
    harvested_on: isoDate,
    packed_on: isoDate,
    best_before: isoDate,
    quantity: wholeNumber(1, MAX_STOCK),
    plot_zh: optionalText(120),
    plot_en: optionalText(120),
    household_zh: optionalText(120),
    household_en: optionalText(120),
  })
  .refine((batch) => batch.packed_on >= batch.harvested_on, { path: ["packed_on"], error: "packedBeforeHarvest" })
  .refine((batch) => batch.best_before >= batch.packed_on, { path: ["best_before"], error: "bestBeforeBeforePacked" });
export type BatchInput = z.infer<typeof batchSchema>;
