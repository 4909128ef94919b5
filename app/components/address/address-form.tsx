import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AddressFields, addressFieldErrors } from "~/components/address/address-fields";
import type { RegionLists } from "~/components/address/use-region-cascade";
import { CheckboxField, Field, SubmitButton } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import type { AddressFormValues } from "~/utils/address-form.server";

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
      <AddressFields
        regions={regions}
        values={values}
        errors={addressFieldErrors(err)}
        nextButton={{ name: "regions", value: "1" }}
        idPrefix="address-"
        className="address-form__regions"
        labels={{
          province: t("account.addresses.fields.province"),
          city: t("account.addresses.fields.city"),
          district: t("account.addresses.fields.district"),
          choose: t("account.addresses.fields.choose"),
          next: t("account.addresses.next"),
          nextHint: t("account.addresses.nextHint"),
          street: t("account.addresses.fields.street"),
          streetHint: t("account.addresses.fields.streetHint"),
          postcode: t("account.addresses.fields.postcode"),
        }}
      />
      <CheckboxField id="address-is-default" name="isDefault" defaultChecked={values.isDefault === "on"} label={t("account.addresses.fields.isDefault")} />
      <p className="address-form__buttons">
        <SubmitButton intent={intent} pendingText={t("account.addresses.saving")}>{t("account.addresses.save")}</SubmitButton>{" "}
        {intent === "update" ? <Link to="/account/addresses" className="button button--ghost">{t("account.addresses.cancel")}</Link> : null}
      </p>
    </Form>
  );
}
