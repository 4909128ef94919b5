import { useEffect } from "react";
import { Field, SelectField } from "~/components/forms";
import { useRegionCascade, type RegionLists } from "~/components/address/use-region-cascade";
import { useHydrated } from "~/utils/hydration";

/** What the fields say, from the namespace of the form they sit in. */
export interface AddressFieldLabels {
  province: string;
  city: string;
  district: string;
  choose: string;
  /** The first option of an empty city / district list (defaults to `choose`). */
  chooseProvinceFirst?: string;
  chooseCityFirst?: string;
  next: string;
  nextHint: string;
  street: string;
  streetHint: string;
  postcode: string;
}

type AddressFieldName = "province" | "city" | "district" | "street" | "postcode";

/** The block's `errors`, each field's message looked up with the form's own translator. */
export function addressFieldErrors(err: (field: AddressFieldName) => string | null | undefined) {
  return { province: err("province"), city: err("city"), district: err("district"), street: err("street"), postcode: err("postcode") };
}

/**
 * The delivery address block shared by checkout and the address book: province → city →
 * district, street, postcode. Without JavaScript the "next" button submits the form with
 * `nextButton` so the server lists the next level; with it, the lists load in place. Ids
 * are `<idPrefix>province` and so on, so each form keeps its own.
 */
export function AddressFields({
  regions,
  values,
  errors,
  labels,
  nextButton,
  onRegionChange,
  idPrefix = "",
  className = "address-fields__regions",
}: {
  regions: RegionLists;
  values: { province?: string; city?: string; district?: string; street?: string; postcode?: string };
  /** Already translated messages, by field. */
  errors: Partial<Record<AddressFieldName, string | null | undefined>>;
  labels: AddressFieldLabels;
  nextButton: { name: string; value: string };
  idPrefix?: string;
  className?: string;
  /** Told each choice, for a form that reacts to the region (checkout prices shipping by it). */
  onRegionChange?: (region: { province: string; city: string; district: string }) => void;
}) {
  const hydrated = useHydrated();
  const { province, city, district, cities, districts, onProvince, onCity, onDistrict } = useRegionCascade(regions, values);
  const hintId = `${idPrefix}regions-next-hint`;
  useEffect(() => {
    onRegionChange?.({ province, city, district });
  }, [onRegionChange, province, city, district]);
  return (
    <>
      <div className={className}>
        <SelectField id={`${idPrefix}province`} name="province" label={labels.province} error={errors.province} required value={province} onChange={(e) => onProvince(e.target.value)}>
          <option value="">{labels.choose}</option>
          {regions.provinces.map((p) => (
            <option key={p.code} value={p.code}>{p.name}</option>
          ))}
        </SelectField>
        <SelectField id={`${idPrefix}city`} name="city" label={labels.city} error={errors.city} required value={city} onChange={(e) => onCity(e.target.value)} disabled={hydrated && cities.length === 0}>
          <option value="">{cities.length === 0 ? (labels.chooseProvinceFirst ?? labels.choose) : labels.choose}</option>
          {cities.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </SelectField>
        <SelectField id={`${idPrefix}district`} name="district" label={labels.district} error={errors.district} required value={district} onChange={(e) => onDistrict(e.target.value)} disabled={hydrated && districts.length === 0}>
          <option value="">{districts.length === 0 ? (labels.chooseCityFirst ?? labels.choose) : labels.choose}</option>
          {districts.map((d) => (
            <option key={d.code} value={d.code}>{d.name}</option>
          ))}
        </SelectField>
      </div>
      {hydrated ? null : (
        <div className="field">
          <button type="submit" name={nextButton.name} value={nextButton.value} className="button--ghost" formNoValidate aria-describedby={hintId}>
            {labels.next}
          </button>
          <p className="field__hint" id={hintId}>{labels.nextHint}</p>
        </div>
      )}
      <Field id={`${idPrefix}street`} name="street" label={labels.street} hint={labels.streetHint} error={errors.street} autoComplete="street-address" required maxLength={120} defaultValue={values.street ?? ""} />
      <Field id={`${idPrefix}postcode`} name="postcode" label={labels.postcode} error={errors.postcode} inputMode="numeric" autoComplete="postal-code" maxLength={6} pattern="\d{6}" defaultValue={values.postcode ?? ""} />
    </>
  );
}
