import { Form } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { AddressFields, addressFieldErrors } from "~/components/address/address-fields";
import type { Region } from "~/components/address/use-region-cascade";
import { CheckboxField, Field, FieldError, HoneypotField, SubmitButton } from "~/components/forms";
import type { Locale } from "~/i18n";
import type { FieldErrors } from "~/types/forms";
import type { CheckoutValues } from "~/utils/checkout-schema.server";
import { formatFen } from "~/utils/money";
import {
  defaultShippingMethod,
  quoteAllMethods,
  totalWeightGrams,
  type ShippableLine,
  type ShippingConfig,
  type ShippingQuote,
} from "~/utils/shipping";

export interface CheckoutLine extends ShippableLine {
  variantId: number;
  nameZh: string;
  nameEn: string;
  labelZh: string;
  labelEn: string;
  lineTotalFen: number;
}

export interface CheckoutFormProps {
  locale: Locale;
  lines: CheckoutLine[];
  config: ShippingConfig;
  regions: { provinces: Region[]; cities: Region[]; districts: Region[]; city: string | null };
  values: CheckoutValues;
  errors: FieldErrors;
  formError: { key: string; items?: string; max?: string } | null;
  checkoutKey: string;
  testPayments: boolean;
  reservationMinutes: number;
  /** A signed-in shopper may keep the typed address ("保存到我的地址"). */
  signedIn?: boolean;
  /** More hidden fields the page's action reads (立即购买 sends back the price it showed). */
  hiddenFields?: Record<string, string>;
}

/**
 * The checkout form. Without JavaScript the province and city lists advance with the "next"
 * button (the server re-renders the form with everything typed); with it, the selects load
 * their options in place and the summary prices shipping as the shopper chooses, with the
 * same pure function the server uses to price the order.
 */
export function CheckoutForm(props: CheckoutFormProps) {
  const { t } = useTranslation("checkout");
  const { values, errors } = props;
  // The summary prices shipping for the region chosen in the address fields.
  const [region, setRegion] = useState({ province: values.province ?? "", city: values.city ?? props.regions.city ?? "", district: values.district ?? "" });
  const { province, city, district } = region;

  const quotes: ShippingQuote[] | null = useMemo(
    () => (province ? quoteAllMethods(props.lines, district || city || province, props.config) : null),
    [props.lines, props.config, province, city, district],
  );
  const fallbackMethod = props.lines.some((line) => line.temperatureClass !== "ambient") ? "cold_chain" : "standard";
  const [method, setMethod] = useState<string>(values.shippingMethod ?? fallbackMethod);
  useEffect(() => {
    if (!quotes) return;
    const chosen = quotes.find((quote) => quote.method === method);
    if (!chosen?.available) {
      const better = defaultShippingMethod(props.lines, district || city || province, props.config);
      if (better) setMethod(better);
    }
  }, [quotes, method, props.lines, props.config, province, city, district]);

  const chosenQuote = quotes?.find((quote) => quote.method === method);
  const subtotal = props.lines.reduce((sum, line) => sum + line.lineTotalFen, 0);
  const shippingFen = chosenQuote?.available ? chosenQuote.fen : null;
  const err = (field: string) => (errors[field] ? t(errors[field]!) : undefined);

  return (
    <Form method="post" className="checkout-form" noValidate={false} aria-describedby={props.formError ? "checkout-error" : undefined}>
      {props.formError ? (
        <p className="notice notice--error" id="checkout-error" role="alert">
          {t(props.formError.key, { items: props.formError.items ?? "", max: props.formError.max ?? "" })}
        </p>
      ) : null}
      <input type="hidden" name="checkoutKey" value={props.checkoutKey} />
      {Object.entries(props.hiddenFields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <HoneypotField />

      <fieldset className="card checkout-section">
        <legend>{t("contact.legend")}</legend>
        <Field id="name" name="name" label={t("contact.name")} error={err("name")} autoComplete="name" required maxLength={50} defaultValue={values.name ?? ""} />
        {/* The mobile number is the contact shoppers here give; e-mail is optional. */}
        <Field id="phone" name="phone" type="tel" label={t("mobile.phone")} hint={t("mobile.phoneHint")} error={err("phone")} inputMode="tel" autoComplete="tel-national" required maxLength={20} defaultValue={values.phone ?? ""} />
        <Field id="email" name="email" type="email" label={t("mobile.email")} hint={t("mobile.emailHint")} error={err("email")} autoComplete="email" maxLength={254} defaultValue={values.email ?? ""} />
      </fieldset>

      <fieldset className="card checkout-section">
        <legend>{t("address.legend")}</legend>
        <p className="field__hint">{t("address.namesNote")}</p>
        <AddressFields
          regions={props.regions}
          values={values}
          errors={addressFieldErrors(err)}
          nextButton={{ name: "intent", value: "regions" }}
          className="checkout-regions"
          labels={{
            province: t("address.province"),
            city: t("address.city"),
            district: t("address.district"),
            choose: t("address.choose"),
            chooseProvinceFirst: t("address.chooseProvinceFirst"),
            chooseCityFirst: t("address.chooseCityFirst"),
            next: t("address.next"),
            nextHint: t("address.nextHint"),
            street: t("address.street"),
            streetHint: t("address.streetHint"),
            postcode: t("address.postcode"),
          }}
          onRegionChange={setRegion}
        />
        {props.signedIn ? (
          <div className="field">
            <CheckboxField id="saveAddress" name="saveAddress" defaultChecked={values.saveAddress === "on"} label={t("mobile.saveAddress")} aria-describedby="saveAddress-hint" />
            <p className="field__hint" id="saveAddress-hint">{t("mobile.saveAddressHint")}</p>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="card checkout-section" aria-describedby={errors.shippingMethod ? "shippingMethod-error" : undefined}>
        <legend>{t("shipping.legend")}</legend>
        {quotes ? null : <p className="field__hint">{t("shipping.chooseAddress")}</p>}
        {props.config.freeStandardFromFen !== null ? (
          <p className="field__hint">{t("shipping.freeFrom", { amount: formatFen(props.config.freeStandardFromFen) })}</p>
        ) : null}
        {(["standard", "cold_chain"] as const).map((option) => {
          const quote = quotes?.find((q) => q.method === option);
          const unavailable = quote && !quote.available ? quote.reason : null;
          return (
            <div key={option} className={`shipping-option${unavailable ? " shipping-option--off" : ""}`}>
              <input
                type="radio"
                id={`shipping-${option}`}
                name="shippingMethod"
                value={option}
                checked={method === option}
                onChange={() => setMethod(option)}
                disabled={Boolean(unavailable)}
                aria-describedby={`shipping-${option}-hint`}
              />
              <label htmlFor={`shipping-${option}`}>
                <span>{t(`shipping.${option}`)}</span>
                {quote?.available ? <span className="price">{quote.free ? t("shipping.free") : formatFen(quote.fen)}</span> : null}
              </label>
              <p className="field__hint" id={`shipping-${option}-hint`}>
                {unavailable ? t(`shipping.reasons.${unavailable}`) : t(`shipping.${option}Hint`)}
              </p>
            </div>
          );
        })}
        <FieldError id="shippingMethod" error={err("shippingMethod")} />
      </fieldset>

      <section className="card checkout-section checkout-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("summary.legend")}</h2>
        <ul className="checkout-summary__lines">
          {props.lines.map((line) => (
            <li key={line.variantId}>
              <span>
                {props.locale === "zh" ? line.nameZh : line.nameEn} · {props.locale === "zh" ? line.labelZh : line.labelEn} × {line.quantity}
              </span>
              <span>{formatFen(line.lineTotalFen)}</span>
            </li>
          ))}
        </ul>
        <p className="muted">{t("summary.weight", { kg: (totalWeightGrams(props.lines) / 1000).toFixed(1) })}</p>
        <dl className="checkout-summary__totals">
          <div>
            <dt>{t("summary.subtotal")}</dt>
            <dd data-testid="checkout-subtotal">{formatFen(subtotal)}</dd>
          </div>
          <div>
            <dt>{t("summary.shipping")}</dt>
            <dd data-testid="checkout-shipping">{shippingFen === null ? t("summary.tbd") : shippingFen === 0 ? t("shipping.free") : formatFen(shippingFen)}</dd>
          </div>
          <div className="checkout-summary__total">
            <dt>{t("summary.total")}</dt>
            <dd className="price" data-testid="checkout-total">{formatFen(subtotal + (shippingFen ?? 0))}</dd>
          </div>
        </dl>
        <p className="field__hint">{t("reservationNote", { minutes: props.reservationMinutes })}</p>
        {props.testPayments ? <p className="notice notice--warn">{t("testPaymentsNote")}</p> : null}
        <SubmitButton name="intent" value="place" intent="place" className="checkout-place" pendingText={t("placing")}>
          {t("place")}
        </SubmitButton>
      </section>
    </Form>
  );
}
