import { useTranslation } from "react-i18next";
import { localized } from "~/i18n";
import { CheckboxGroup, SelectField, TextArea, TextField } from "~/components/coop/fields";
import { useLocale } from "~/components/coop/locale";
import { TEMPERATURE_CLASSES, type FieldErrors, type FormValues } from "~/schemas/coop";

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
  const common = { values, errors, idPrefix: "product" };
  return (
    <>
      <fieldset>
        <legend>{t("productForm.about")}</legend>
        <div className="coop-row">
          <TextField {...common} name="name_zh" label={t("productForm.nameZh")} maxLength={120} required defaultValue={defaults.name_zh} />
          <TextField {...common} name="name_en" label={t("productForm.nameEn")} hint={t("common.englishFallback")} maxLength={160} optional defaultValue={defaults.name_en} />
        </div>
        <TextArea {...common} name="description_zh" label={t("productForm.descriptionZh")} hint={t("productForm.descriptionHint")} maxLength={5000} defaultValue={defaults.description_zh} optional />
        <TextArea {...common} name="description_en" label={t("productForm.descriptionEn")} maxLength={8000} defaultValue={defaults.description_en} optional />
      </fieldset>
      <fieldset>
        <legend>{t("productForm.where")}</legend>
        <SelectField
          {...common}
          name="category_id"
          label={t("productForm.category")}
          placeholder={t("common.choose")}
          required
          options={categories.map((c) => ({ value: String(c.id), label: localized(c, "name", locale) }))}
          defaultValue={defaults.category_id}
        />
        <SelectField
          {...common}
          name="brand_id"
          label={t("productForm.brand")}
          hint={t("productForm.brandHint")}
          placeholder={t("productForm.noBrand")}
          // One mark is often registered in several Nice classes: the class and number tell them apart.
          options={brands.map((b) => ({ value: String(b.id), label: t("productForm.brandOption", { name: b.name, n: b.nice_class, number: b.registration_number }) }))}
          defaultValue={defaults.brand_id}
        />
        <div className="coop-row">
          <TextField {...common} name="origin_county_zh" label={t("productForm.originZh")} maxLength={60} required defaultValue={defaults.origin_county_zh} />
          <TextField {...common} name="origin_county_en" label={t("productForm.originEn")} hint={t("common.englishFallback")} maxLength={80} optional defaultValue={defaults.origin_county_en} />
        </div>
        <div className="coop-row">
          <SelectField
            {...common}
            name="temperature_class"
            label={t("productForm.temperature")}
            options={TEMPERATURE_CLASSES.map((c) => ({ value: c, label: t(`temperature.${c}`) }))}
            defaultValue={defaults.temperature_class ?? "ambient"}
          />
          <TextField {...common} name="shelf_life_days" label={t("productForm.shelfLife")} inputMode="numeric" required defaultValue={defaults.shelf_life_days} />
        </div>
        <CheckboxGroup
          name="season_months"
          legend={t("productForm.season")}
          hint={t("productForm.seasonHint")}
          idPrefix="product"
          values={values}
          errors={errors}
          defaultValue={defaults.season_months}
          options={(t("common.months", { returnObjects: true }) as string[]).map((label, index) => ({ value: String(index + 1), label }))}
        />
      </fieldset>
    </>
  );
}

/** The product's web address: made from the English name unless the member types one. */
export function SlugFieldset({ values, errors, defaultValue, required }: { values?: FormValues | null; errors?: FieldErrors | null; defaultValue?: string; required: boolean }) {
  const { t } = useTranslation("coop");
  return (
    <fieldset>
      <legend>{t("productForm.address")}</legend>
      <TextField
        values={values}
        errors={errors}
        idPrefix="product"
        name="slug"
        label={t("productForm.slug")}
        hint={t("productForm.slugHint")}
        maxLength={120}
        autoCapitalize="none"
        required={required}
        optional={!required}
        defaultValue={defaultValue}
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
  const common = { values, errors, idPrefix };
  return (
    <>
      <TextField {...common} name={`${prefix}sku`} label={t("variantForm.sku")} hint={t("variantForm.skuHint")} maxLength={40} autoCapitalize="characters" required defaultValue={defaults.sku} />
      <div className="coop-row">
        <TextField {...common} name={`${prefix}label_zh`} label={t("variantForm.labelZh")} maxLength={60} required defaultValue={defaults.label_zh} />
        <TextField {...common} name={`${prefix}label_en`} label={t("variantForm.labelEn")} hint={t("common.englishFallback")} maxLength={80} optional defaultValue={defaults.label_en} />
      </div>
      <div className="coop-row">
        <TextField {...common} name={`${prefix}weight_grams`} label={t("variantForm.weight")} hint={t("variantForm.weightHint")} inputMode="numeric" required defaultValue={defaults.weight_grams} />
        <TextField {...common} name={`${prefix}price`} label={t("variantForm.price")} hint={t("variantForm.priceHint")} inputMode="decimal" required defaultValue={defaults.price} />
      </div>
      {withStock ? <TextField {...common} name={`${prefix}stock`} label={t("variantForm.stock")} inputMode="numeric" required defaultValue="0" /> : null}
    </>
  );
}
