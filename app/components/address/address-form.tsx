import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/ui/field";
import type { AddressFormErrors, AddressFormValues } from "~/utils/address-form.server";

interface Region {
  code: string;
  name: string;
}

export interface AddressRegions {
  provinces: Region[];
  cities: Region[];
  districts: Region[];
  city: string | null;
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A saved address: recipient, phone, province → city → district, street, postcode.
 * Without JavaScript, the "next" button re-renders the form with the next level listed;
 * with it, the lists load in place from the same endpoint the checkout uses.
 */
export function AddressForm({
  intent,
  addressId,
  values,
  errors,
  regions,
  maxAddresses,
}: {
  intent: "create" | "update";
  addressId?: number;
  values: AddressFormValues;
  errors: AddressFormErrors;
  regions: AddressRegions;
  maxAddresses: number;
}) {
  const { t } = useTranslation("orders");
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const regionsFetcher = useFetcher<{ cities: Region[]; districts: Region[]; city: string | null }>();
  const [province, setProvince] = useState(values.province ?? "");
  const [city, setCity] = useState(values.city ?? regions.city ?? "");
  const [district, setDistrict] = useState(values.district ?? "");
  const [cities, setCities] = useState(regions.cities);
  const [districts, setDistricts] = useState(regions.districts);

  useEffect(() => {
    setCities(regions.cities);
    setDistricts(regions.districts);
    setProvince(values.province ?? "");
    setCity(values.city ?? regions.city ?? "");
    setDistrict(values.district ?? "");
  }, [regions, values.province, values.city, values.district]);

  useEffect(() => {
    if (!regionsFetcher.data) return;
    setCities(regionsFetcher.data.cities);
    setDistricts(regionsFetcher.data.districts);
    if (regionsFetcher.data.city) setCity(regionsFetcher.data.city);
  }, [regionsFetcher.data]);

  const onProvince = (code: string) => {
    setProvince(code);
    setCity("");
    setDistrict("");
    setCities([]);
    setDistricts([]);
    if (code) regionsFetcher.load(`/checkout/regions?${new URLSearchParams({ province: code })}`);
  };
  const onCity = (code: string) => {
    setCity(code);
    setDistrict("");
    setDistricts([]);
    if (code) regionsFetcher.load(`/checkout/regions?${new URLSearchParams({ province, city: code })}`);
  };

  const err = (field: keyof AddressFormErrors) => (errors[field] ? t(`account.addresses.errors.${errors[field]}`, { max: maxAddresses }) : null);
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;

  return (
    <Form method="post" className="card address-form" aria-labelledby="address-form-title" data-testid="address-form">
      <h2 id="address-form-title">{intent === "create" ? t("account.addresses.addTitle") : t("account.addresses.editTitle")}</h2>
      {errors.form ? (
        <p className="notice notice--error" role="alert">{err("form")}</p>
      ) : null}
      <input type="hidden" name="intent" value={intent} />
      {addressId ? <input type="hidden" name="addressId" value={addressId} /> : null}
      <Field name="recipient" label={t("account.addresses.fields.recipient")} autoComplete="name" required maxLength={50} defaultValue={values.recipient ?? ""} error={err("recipient")} />
      <Field name="phone" type="tel" inputMode="numeric" label={t("account.addresses.fields.phone")} autoComplete="tel-national" required maxLength={20} defaultValue={values.phone ?? ""} error={err("phone")} />
      <div className="address-form__regions">
        <SelectField name="province" label={t("account.addresses.fields.province")} required value={province} onChange={(e) => onProvince(e.target.value)} error={err("province")}>
          <option value="">{t("account.addresses.fields.choose")}</option>
          {regions.provinces.map((p) => (
            <option key={p.code} value={p.code}>{p.name}</option>
          ))}
        </SelectField>
        <SelectField name="city" label={t("account.addresses.fields.city")} required value={city} onChange={(e) => onCity(e.target.value)} disabled={hydrated && cities.length === 0} error={err("city")}>
          <option value="">{t("account.addresses.fields.choose")}</option>
          {cities.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </SelectField>
        <SelectField name="district" label={t("account.addresses.fields.district")} required value={district} onChange={(e) => setDistrict(e.target.value)} disabled={hydrated && districts.length === 0} error={err("district")}>
          <option value="">{t("account.addresses.fields.choose")}</option>
          {districts.map((d) => (
            <option key={d.code} value={d.code}>{d.name}</option>
          ))}
        </SelectField>
      </div>
      {hydrated ? null : (
        <div className="field">
          <button type="submit" name="regions" value="1" className="button--ghost" formNoValidate aria-describedby="address-regions-hint">
            {t("account.addresses.next")}
          </button>
          <p className="field__hint" id="address-regions-hint">{t("account.addresses.nextHint")}</p>
        </div>
      )}
      <Field name="street" label={t("account.addresses.fields.street")} hint={t("account.addresses.fields.streetHint")} autoComplete="street-address" required maxLength={120} defaultValue={values.street ?? ""} error={err("street")} />
      <Field name="postcode" label={t("account.addresses.fields.postcode")} inputMode="numeric" autoComplete="postal-code" maxLength={6} pattern="\d{6}" defaultValue={values.postcode ?? ""} error={err("postcode")} />
      <div className="checkbox-field">
        <input type="checkbox" id="address-is-default" name="isDefault" defaultChecked={values.isDefault === "on"} />
        <label htmlFor="address-is-default">{t("account.addresses.fields.isDefault")}</label>
      </div>
      <p className="address-form__buttons">
        <button type="submit" disabled={saving}>{saving ? t("account.addresses.saving") : t("account.addresses.save")}</button>{" "}
        {intent === "update" ? <Link to="/account/addresses" className="button button--ghost">{t("account.addresses.cancel")}</Link> : null}
      </p>
    </Form>
  );
}
