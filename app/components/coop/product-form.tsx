import { useTranslation } from "react-i18next";
import { localized } from "~/i18n";
import { OptionalNote, useCoopFields, useErrorText } from "~/components/coop/notices";
import { useLocale } from "~/components/coop/locale";
import { CheckboxGroup, checkedValues, Field, Options, SelectField, TextareaField } from "~/components/forms";
import { TEMPERATURE_CLASSES } from "~/schemas/coop";
import type { FieldErrors, FormValues } from "~/types/forms";

export interface ProductDefaults {
  name_zh?: string;
  name_en?: string;
  description_zh?: string;
  description_en?: string;
  category_id?: number;
  brand_id?: number | null;
  origin_county_zh?: string;
  origin_county_en?: string;
  temperature_class?: string;
  shelf_life_days?: number;
  season_months?: readonly number[];
}

interface Props {
  categories: { id: number; name_zh: string; name_en: string }[];
  brands: { id: number; name: string; registration_number: string; nice_class: number }[];
  values?: FormValues | null;
  errors?: FieldErrors | null;
  defaults?: ProductDefaults;
}

/** The product's own fields (names, description, origin, keeping), shared by the new and edit pages. */
export function ProductFieldsets({ categories, brands, values, errors, defaults = {} }: Props) {
  const { t } = useTranslation("coop");
  const locale = useLocale();
  const field = useCoopFields();
  const errorText = useErrorText();
  const common = { values, errors, idPrefix: "product" };
  return (
    <>
      <fieldset>
        <legend>{t("productForm.about")}</legend>
        <div className="coop-row">
          <Field {...field(common, "name_zh", defaults.name_zh)} label={t("productForm.nameZh")} maxLength={120} required />
          <Field {...field(common, "name_en", defaults.name_en)} label={t("productForm.nameEn")} hint={t("common.englishFallback")} maxLength={160} labelNote={<OptionalNote />} />
        </div>
        <TextareaField {...field(common, "description_zh", defaults.description_zh)} label={t("productForm.descriptionZh")} hint={t("productForm.descriptionHint")} maxLength={5000} rows={5} labelNote={<OptionalNote />} />
        <TextareaField {...field(common, "description_en", defaults.description_en)} label={t("productForm.descriptionEn")} maxLength={8000} rows={5} labelNote={<OptionalNote />} />
      </fieldset>
      <fieldset>
        <legend>{t("productForm.where")}</legend>
        <SelectField
          {...field(common, "category_id", defaults.category_id)}
          label={t("productForm.category")}
          required
        >
          <Options options={categories.map((c) => ({ value: String(c.id), label: localized(c, "name", locale) }))} placeholder={t("common.choose")} />
        </SelectField>
        <SelectField
          {...field(common, "brand_id", defaults.brand_id)}
          label={t("productForm.brand")}
          hint={t("productForm.brandHint")}
          // One mark is often registered in several Nice classes: the class and number tell them apart.
        >
          <Options options={brands.map((b) => ({ value: String(b.id), label: t("productForm.brandOption", { name: b.name, n: b.nice_class, number: b.registration_number }) }))} placeholder={t("productForm.noBrand")} />
        </SelectField>
        <div className="coop-row">
          <Field {...field(common, "origin_county_zh", defaults.origin_county_zh)} label={t("productForm.originZh")} maxLength={60} required />
          <Field {...field(common, "origin_county_en", defaults.origin_county_en)} label={t("productForm.originEn")} hint={t("common.englishFallback")} maxLength={80} labelNote={<OptionalNote />} />
        </div>
        <div className="coop-row">
          <SelectField
            {...field(common, "temperature_class", defaults.temperature_class ?? "ambient")}
            label={t("productForm.temperature")}
          >
            <Options options={TEMPERATURE_CLASSES.map((c) => ({ value: c, label: t(`temperature.${c}`) }))} />
          </SelectField>
          <Field {...field(common, "shelf_life_days", defaults.shelf_life_days)} label={t("productForm.shelfLife")} inputMode="numeric" required />
        </div>
        <CheckboxGroup
          name="season_months"
          legend={t("productForm.season")}
          hint={t("productForm.seasonHint")}
          id="product-season_months"
          checked={checkedValues(values, "season_months", defaults.season_months)}
          error={errorText(errors?.season_months)}
          options={(t("common.months", { returnObjects: true }) as string[]).map((label, index) => ({ value: String(index + 1), label }))}
        />
      </fieldset>
    </>
  );
}

/** The product's web address: made from the English name unless the member types one. */
export function SlugFieldset({ values, errors, defaultValue, required }: { values?: FormValues | null; errors?: FieldErrors | null; defaultValue?: string; required: boolean }) {
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  return (
    <fieldset>
      <legend>{t("productForm.address")}</legend>
      <Field
        {...field({ values, errors, idPrefix: "product" }, "slug", defaultValue)}
        label={t("productForm.slug")}
        hint={t("productForm.slugHint")}
        maxLength={120}
        autoCapitalize="none"
        required={required}
        labelNote={!required ? <OptionalNote /> : null}
      />
    </fieldset>
  );
}

/** Fields of one variant (size); `prefix` is "variant." on the new-product form. */
export function VariantFields({
  prefix = "",
  values,
  errors,
  defaults = {},
  withStock,
  idPrefix,
}: {
  prefix?: string;
  values?: FormValues | null;
  errors?: FieldErrors | null;
  defaults?: { sku?: string; label_zh?: string; label_en?: string; weight_grams?: number; price?: string };
  withStock: boolean;
  idPrefix: string;
}) {
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const common = { values, errors, idPrefix };
  return (
    <>
      <Field {...field(common, `${prefix}sku`, defaults.sku)} label={t("variantForm.sku")} hint={t("variantForm.skuHint")} maxLength={40} autoCapitalize="characters" required />
      <div className="coop-row">
        <Field {...field(common, `${prefix}label_zh`, defaults.label_zh)} label={t("variantForm.labelZh")} maxLength={60} required />
        <Field {...field(common, `${prefix}label_en`, defaults.label_en)} label={t("variantForm.labelEn")} hint={t("common.englishFallback")} maxLength={80} labelNote={<OptionalNote />} />
      </div>
      <div className="coop-row">
        <Field {...field(common, `${prefix}weight_grams`, defaults.weight_grams)} label={t("variantForm.weight")} hint={t("variantForm.weightHint")} inputMode="numeric" required />
        <Field {...field(common, `${prefix}price`, defaults.price)} label={t("variantForm.price")} hint={t("variantForm.priceHint")} inputMode="decimal" required />
      </div>
      {withStock ? <Field {...field(common, `${prefix}stock`, "0")} label={t("variantForm.stock")} inputMode="numeric" required /> : null}
    </>
  );
}
