import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldError, errorProps, SelectField, SubmitButton } from "~/components/forms";
import { OrderFormError, useStaffErrorText, type OrderFormState } from "~/components/staff/order/shared";
import { localized, type Locale } from "~/i18n";
import { CARRIERS } from "~/utils/carriers";

export interface ShippableItem {
  id: number;
  quantity: number;
  quantity_shipped: number;
  product_name_zh: string;
  product_name_en: string;
  variant_label_zh: string;
  variant_label_en: string;
}

/** A new parcel: how many units of each line go in it, the carrier and the tracking number. */
export function NewShipmentForm({ items, locale, answer }: { items: readonly ShippableItem[]; locale: Locale; answer: OrderFormState }) {
  const { t } = useTranslation("staff");
  const errorText = useStaffErrorText();
  const { errors, values } = answer;
  return (
    <section className="card staff-new-shipment no-print" aria-labelledby="new-shipment-title">
      <h3 id="new-shipment-title">{t("order.newShipment")}</h3>
      <p className="muted">{t("order.newShipmentHint")}</p>
      <OrderFormError formError={answer.formError} />
      {/* Keyed on what has shipped, so a recorded parcel clears the form and shows what is left. */}
      <Form method="post" className="staff-form" key={`ship-${items.map((item) => item.quantity_shipped).join("-")}`}>
        <input type="hidden" name="intent" value="ship" />
        <table className="table staff-table staff-table--compact">
          <thead>
            <tr>
              <th scope="col">{t("order.product")}</th>
              <th scope="col" className="num">{t("order.remaining")}</th>
              <th scope="col" className="num">{t("order.inThisParcel")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const left = item.quantity - item.quantity_shipped;
              const id = `qty-${item.id}`;
              const error = errorText(errors[id]);
              return (
                <tr key={item.id}>
                  <td>
                    <label htmlFor={id}>
                      {localized(item, "product_name", locale)} · {localized(item, "variant_label", locale)}
                    </label>
                  </td>
                  <td className="num">{left}</td>
                  <td className="num">
                    <input id={id} name={id} type="number" min={0} max={left} step={1} inputMode="numeric" className="staff-qty" defaultValue={values[id] ?? String(left)} disabled={left === 0} {...errorProps(id, error)} />
                    <FieldError id={id} error={error} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="staff-form__row">
          <SelectField id="ship-carrier" name="carrier" label={t("order.carrier")} defaultValue={values.carrier ?? "sf"} error={errorText(errors.carrier)}>
            {CARRIERS.map((carrier) => (
              <option key={carrier.key} value={carrier.key}>
                {localized(carrier, "name", locale)}
              </option>
            ))}
          </SelectField>
          <Field
            id="ship-tracking"
            name="trackingNumber"
            label={t("order.trackingNumber")}
            hint={t("order.trackingHint")}
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.trackingNumber ?? ""}
            placeholder={CARRIERS[0]!.example}
            error={errorText(errors.trackingNumber)}
          />
        </div>
        <SubmitButton>{t("order.createShipment")}</SubmitButton>
      </Form>
    </section>
  );
}
