import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, HoneypotField, SubmitButton } from "~/components/forms";
import type { GuestLookupActionData, GuestLookupMobileField } from "~/types/guest-lookup";

/**
 * The form of the guest lookups (/orders/lookup, /bookings/lookup): the number and the mobile
 * number it was given with. Texts are `lookup.*` keys of the page's namespace; the mobile
 * field's label and hint are `lookup.<field>` and `lookup.<field>Hint`.
 */
export function GuestLookupForm<F extends GuestLookupMobileField>({
  namespace,
  mobileField,
  number,
  actionData,
}: {
  namespace: "orders" | "bookings";
  mobileField: F;
  /** The number to fill in before anything was sent (`?number=`). */
  number: string;
  actionData: GuestLookupActionData<F> | undefined;
}) {
  const { t } = useTranslation(namespace);
  const values: Record<string, string> = actionData?.values ?? { number, [mobileField]: "" };
  const err = (field: string) => (actionData?.errors[field] ? t(`lookup.errors.${actionData.errors[field]}`) : undefined);
  const formError = actionData?.formError ? t(`lookup.errors.${actionData.formError}`, { minutes: actionData.minutes ?? 1 }) : null;
  return (
    <Form method="post" className="card checkout-section" aria-describedby={formError ? "lookup-error" : undefined}>
      {formError ? (
        <p className="notice notice--error" id="lookup-error" role="alert" data-testid="lookup-error">
          {formError}
        </p>
      ) : null}
      <HoneypotField />
      <Field id="number" name="number" label={t("lookup.number")} hint={t("lookup.numberHint")} error={err("number")} required maxLength={40} autoComplete="off" autoCapitalize="characters" spellCheck={false} defaultValue={values.number} />
      <Field id={mobileField} name={mobileField} type="tel" label={t(`lookup.${mobileField}`)} hint={t(`lookup.${mobileField}Hint`)} error={err(mobileField)} required maxLength={20} inputMode="tel" autoComplete="tel-national" defaultValue={values[mobileField]} />
      <SubmitButton pendingText={t("lookup.pending")}>{t("lookup.submit")}</SubmitButton>
    </Form>
  );
}
