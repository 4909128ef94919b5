import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRegionCascade, type RegionLists } from "~/components/address/use-region-cascade";
import { CheckboxField, Field, SelectField, SubmitButton } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import type { AddressFormValues } from "~/utils/address-form.server";
import { useHydrated } from "~/utils/hydration";

export type AddressRegions = RegionLists;

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
  errors: FieldErrors;
  regions: AddressRegions;
  maxAddresses: number;
}) {
  const { t } = useTranslation("orders");
  const hydrated = useHydrated();
  const { province, city, district, cities, districts, onProvince, onCity, onDistrict } = useRegionCascade(regions, values);

  const err = (field: string) => (errors[field] ? t(`account.addresses.errors.${errors[field]}`, { max: maxAddresses }) : null);

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
        <SelectField name="district" label={t("account.addresses.fields.district")} required value={district} onChange={(e) => onDistrict(e.target.value)} disabled={hydrated && districts.length === 0} error={err("district")}>
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
      <CheckboxField id="address-is-default" name="isDefault" defaultChecked={values.isDefault === "on"} label={t("account.addresses.fields.isDefault")} />
      <p className="address-form__buttons">
        <SubmitButton intent={intent} pendingText={t("account.addresses.saving")}>{t("account.addresses.save")}</SubmitButton>{" "}
        {intent === "update" ? <Link to="/account/addresses" className="button button--ghost">{t("account.addresses.cancel")}</Link> : null}
      </p>
    </Form>
  );
}
