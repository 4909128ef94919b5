import { Form } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRegionCascade, type Region } from "~/components/address/use-region-cascade";
import { Field, FieldError, HoneypotField, SelectField, SubmitButton } from "~/components/forms";
import type { Locale } from "~/i18n";
import type { FieldErrors } from "~/types/forms";
import type { CheckoutValues } from "~/utils/checkout-schema.server";
import { useHydrated } from "~/utils/hydration";
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
}

/**
 * The checkout form. Without JavaScript the province and city lists advance with the "next"
 * button (the server re-renders the form with everything typed); with it, the selects load
 * their options in place and the summary prices shipping as the shopper chooses, with the
 * same pure function the server uses to price the order.
 */
export function CheckoutForm(props: CheckoutFormProps) {
  const { t } = useTranslation("checkout");
  const hydrated = useHydrated();
  const { values, errors } = props;
  const { province, city, district, cities, districts, onProvince, onCity, onDistrict } = useRegionCascade(props.regions, values);

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
      <HoneypotField />

      <fieldset className="card checkout-section">
        <legend>{t("contact.legend")}</legend>
        <Field id="name" name="name" label={t("contact.name")} error={err("name")} autoComplete="name" required maxLength={50} defaultValue={values.name ?? ""} />
        <Field id="email" name="email" type="email" label={t("contact.email")} hint={t("contact.emailHint")} error={err("email")} autoComplete="email" required maxLength={254} defaultValue={values.email ?? ""} />
        <Field id="phone" name="phone" type="tel" label={t("contact.phone")} hint={t("contact.phoneHint")} error={err("phone")} inputMode="numeric" autoComplete="tel-national" required maxLength={20} defaultValue={values.phone ?? ""} />
      </fieldset>

      <fieldset className="card checkout-section">
        <legend>{t("address.legend")}</legend>
        <p className="field__hint">{t("address.namesNote")}</p>
        <div className="checkout-regions">
          <SelectField id="province" name="province" label={t("address.province")} error={err("province")} required value={province} onChange={(e) => onProvince(e.target.value)}>
            <option value="">{t("address.choose")}</option>
            {props.regions.provinces.map((p) => (
              <option key={p.code} value={p.code}>{p.name}</option>
            ))}
          </SelectField>
          <SelectField id="city" name="city" label={t("address.city")} error={err("city")} required value={city} onChange={(e) => onCity(e.target.value)} disabled={cities.length === 0 && hydrated}>
            <option value="">{cities.length === 0 ? t("address.chooseProvinceFirst") : t("address.choose")}</option>
            {cities.map((c) => (
              <option key={c.code} value={c.code}>{c.name}</option>
            ))}
          </SelectField>
          <SelectField id="district" name="district" label={t("address.district")} error={err("district")} required value={district} onChange={(e) => onDistrict(e.target.value)} disabled={districts.length === 0 && hydrated}>
            <option value="">{districts.length === 0 ? t("address.chooseCityFirst") : t("address.choose")}</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>{d.name}</option>
            ))}
          </SelectField>
        </div>
        {hydrated ? null : (
          <div className="field">
            <button type="submit" name="intent" value="regions" className="button--ghost" formNoValidate aria-describedby="regions-next-hint">
              {t("address.next")}
            </button>
            <p className="field__hint" id="regions-next-hint">{t("address.nextHint")}</p>
          </div>
        )}
        <Field id="street" name="street" label={t("address.street")} hint={t("address.streetHint")} error={err("street")} autoComplete="street-address" required maxLength={120} defaultValue={values.street ?? ""} />
        <Field id="postcode" name="postcode" label={t("address.postcode")} error={err("postcode")} inputMode="numeric" autoComplete="postal-code" maxLength={6} pattern="\d{6}" defaultValue={values.postcode ?? ""} />
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
