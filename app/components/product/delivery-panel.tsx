import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField } from "~/components/forms";

export interface DeliveryFacts {
  /** The province the fee is for ("440000"), with the choices. */
  province: string;
  provinces: readonly { code: string; name: string }[];
  /** "运费 ¥8.00 · 满 ¥99.00 包邮", "包邮" or why it cannot ship there. */
  shipping: string;
  /** "预计 12月5日–12月6日 送达", or "" when it cannot ship there. */
  delivery: string;
  /** The cold-chain note of a chilled or frozen product, else null. */
  coldChain: string | null;
}

/**
 * Shipping fee and delivery window of the chosen size to a province: chosen here (a GET form,
 * so it works as plain HTML; the catalogue script applies it on change; the page remembers the
 * choice in a cookie for the next product), else remembered, else a signed-in shopper's latest
 * order's or default address's. The form keeps the size and photo shown.
 */
export function DeliveryPanel({ facts, sku }: { facts: DeliveryFacts; sku: string | null }) {
  const { t } = useTranslation("catalogue");
  const photo = useSearchParams()[0].get("photo");
  return (
    <section className="delivery-panel" aria-labelledby="delivery-title">
      <h2 id="delivery-title" className="delivery-panel__title">
        {t("buy.shippingTitle")}
      </h2>
      <form method="get" className="delivery-panel__form" data-autosubmit>
        {sku ? <input type="hidden" name="variant" value={sku} /> : null}
        {photo ? <input type="hidden" name="photo" value={photo} /> : null}
        <SelectField id="ship-province" label={t("buy.shipTo")} name="province" defaultValue={facts.province}>
          {facts.provinces.map((province) => (
            <option key={province.code} value={province.code}>
              {province.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button--ghost" data-apply>
          {t("buy.showShipping")}
        </button>
      </form>
      <p className="delivery-panel__fee" data-v="shipping" data-testid="shipping-fee">
        {facts.shipping}
      </p>
      <p className="delivery-panel__window" data-v="delivery" data-testid="delivery-window" hidden={!facts.delivery}>
        {facts.delivery}
      </p>
      {facts.coldChain ? <p className="delivery-panel__cold">{facts.coldChain}</p> : null}
      <p className="muted delivery-panel__note">{t("buy.dispatchNote")}</p>
    </section>
  );
}
