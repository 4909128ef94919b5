import { useTranslation } from "react-i18next";
import { CheckboxGroup, checkedValues, Field, Fieldset, SelectField, TextareaField } from "~/components/forms";
import { ACCESS_KINDS, AMENITIES } from "~/schemas/stay-listings";
import type { FieldErrors, FormValues } from "~/types/forms";
import { Optional, useStayErrorText, useStayFields } from "./ui";

// The fields of a stay or experience listing, for creating and editing one: Chinese first,
// English optional beside it.

export interface StoredListing {
  [key: string]: string | number | string[] | null | undefined;
  amenities?: string[];
}

export function ListingFieldsets({
  kind,
  values,
  errors,
  stored,
}: {
  kind: "stay" | "experience" | null;
  values: FormValues | null;
  errors: FieldErrors | null;
  stored?: StoredListing;
}) {
  const { t } = useTranslation(["coopStays", "stays"]);
  const field = useStayFields();
  const errorText = useStayErrorText();
  const form = { values, errors, idPrefix: "listing" };
  const f = (name: string) => field(form, name, (stored?.[name] as string | number | null | undefined) ?? null);
  const en = { labelNote: <Optional />, hint: t("englishFallback") };
  const showStay = kind !== "experience";
  const showExperience = kind !== "stay";
  return (
    <>
      <Fieldset legend={t("form.basics")} id="listing-basics" hint={t("form.claimsHint")}>
        <Field {...f("name_zh")} label={t("form.nameZh")} maxLength={120} required />
        <Field {...f("name_en")} label={t("form.nameEn")} maxLength={120} {...en} />
        <TextareaField {...f("description_zh")} label={t("form.descriptionZh")} rows={4} maxLength={5000} labelNote={<Optional />} />
        <TextareaField {...f("description_en")} label={t("form.descriptionEn")} rows={4} maxLength={5000} {...en} />
      </Fieldset>

      <Fieldset legend={t("form.where")} id="listing-where">
        <div className="coop-row">
          <Field {...f("county_zh")} label={t("form.countyZh")} maxLength={60} required />
          <Field {...f("county_en")} label={t("form.countyEn")} maxLength={60} labelNote={<Optional />} />
        </div>
        <div className="coop-row">
          <Field {...f("village_zh")} label={t("form.villageZh")} maxLength={120} labelNote={<Optional />} />
          <Field {...f("village_en")} label={t("form.villageEn")} maxLength={120} labelNote={<Optional />} />
        </div>
        <Field {...f("address_zh")} label={t("form.addressZh")} maxLength={300} labelNote={<Optional />} />
        <Field {...f("address_en")} label={t("form.addressEn")} maxLength={300} {...en} />
      </Fieldset>

      <Fieldset legend={t("form.access")} id="listing-access">
        <SelectField {...f("access_kind")} label={t("form.accessKind")}>
          <option value="">{t("form.accessNone")}</option>
          {ACCESS_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`form.accessKinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <div className="coop-row">
          <Field {...f("access_point_zh")} label={t("form.accessPointZh")} maxLength={120} labelNote={<Optional />} />
          <Field {...f("access_point_en")} label={t("form.accessPointEn")} maxLength={120} labelNote={<Optional />} />
        </div>
        <Field {...f("access_distance_km")} label={t("form.accessDistance")} hint={t("form.accessDistanceHint")} inputMode="decimal" maxLength={8} labelNote={<Optional />} />
        <TextareaField {...f("directions_zh")} label={t("form.directionsZh")} rows={3} maxLength={2000} labelNote={<Optional />} />
        <TextareaField {...f("directions_en")} label={t("form.directionsEn")} rows={3} maxLength={2000} {...en} />
      </Fieldset>

      {showStay ? (
        <Fieldset legend={t("form.stayDetails")} id="listing-stay">
          <div className="coop-row">
            <Field {...f("check_in_from")} type="time" label={t("form.checkInFrom")} labelNote={<Optional />} />
            <Field {...f("check_out_until")} type="time" label={t("form.checkOutUntil")} labelNote={<Optional />} />
          </div>
          <TextareaField {...f("house_rules_zh")} label={t("form.houseRulesZh")} rows={3} maxLength={3000} labelNote={<Optional />} />
          <TextareaField {...f("house_rules_en")} label={t("form.houseRulesEn")} rows={3} maxLength={3000} {...en} />
          <div className="stay-amenities">
            <CheckboxGroup
              name="amenities"
              id="listing-amenities"
              legend={t("form.amenities")}
              error={errorText(errors?.amenities ?? Object.entries(errors ?? {}).find(([k]) => k.startsWith("amenities."))?.[1])}
              options={AMENITIES.map((a) => ({ value: a, label: t(`stays:amenities.${a}`) }))}
              checked={checkedValues(values, "amenities", stored?.amenities ?? [])}
            />
          </div>
        </Fieldset>
      ) : null}

      {showExperience ? (
        <Fieldset legend={t("form.experienceDetails")} id="listing-experience">
          <div className="coop-row">
            <Field {...f("duration_minutes")} label={t("form.duration")} hint={t("form.durationHint")} inputMode="numeric" maxLength={4} />
            <Field {...f("min_age")} label={t("form.minAge")} inputMode="numeric" maxLength={2} labelNote={<Optional />} />
          </div>
          <TextareaField {...f("included_zh")} label={t("form.includedZh")} rows={3} maxLength={2000} labelNote={<Optional />} />
          <TextareaField {...f("included_en")} label={t("form.includedEn")} rows={3} maxLength={2000} {...en} />
        </Fieldset>
      ) : null}

      <Fieldset legend={t("form.contact")} id="listing-contact" hint={t("form.cancelHint")}>
        <Field {...f("host_phone")} type="tel" label={t("form.hostPhone")} hint={t("form.hostPhoneHint")} maxLength={30} autoComplete="off" labelNote={<Optional />} />
        <div className="coop-row">
          <Field {...field(form, "cancel_free_days", (stored?.cancel_free_days as number | undefined) ?? 3)} label={t("form.cancelFreeDays")} inputMode="numeric" maxLength={3} required />
          <Field {...field(form, "cancel_late_refund_percent", (stored?.cancel_late_refund_percent as number | undefined) ?? 50)} label={t("form.cancelLatePercent")} inputMode="numeric" maxLength={3} required />
        </div>
      </Fieldset>
    </>
  );
}
