import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import type { Locale } from "~/i18n";
import { formatFen } from "~/utils/money";
import { MAX_LINE_QUANTITY } from "~/utils/cart-limits";

export interface CartLineView {
  variantId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  labelZh: string;
  labelEn: string;
  quantity: number;
  unitPriceFen: number;
  priceSeenFen: number;
  lineTotalFen: number;
  available: number;
  purchasable: boolean;
  soldOut: boolean;
  exceedsStock: boolean;
  priceChanged: boolean;
  temperatureClass: "ambient" | "chilled" | "frozen";
}

/** One cart line: its own update and remove forms, so each works without JavaScript. */
export function CartLine({ line, locale }: { line: CartLineView; locale: Locale }) {
  const { t } = useTranslation("cart");
  const name = locale === "zh" ? line.nameZh : line.nameEn;
  const label = locale === "zh" ? line.labelZh : line.labelEn;
  const inputId = `qty-${line.variantId}`;
  return (
    <li className={`cart-line${line.soldOut || line.exceedsStock ? " cart-line--problem" : ""}`} data-testid="cart-line" data-variant-id={line.variantId}>
      <div className="cart-line__what">
        <Link to={`/products/${line.slug}`} className="cart-line__name">{name}</Link>
        <span className="muted">{label}</span>
        {line.temperatureClass !== "ambient" ? <span className="badge badge--muted">{t(`temperature.${line.temperatureClass}`)}</span> : null}
        <span className="cart-line__unit">{formatFen(line.unitPriceFen)}</span>
        {line.priceChanged ? (
          <p className="notice notice--warn cart-line__flag" role="status">
            {t("flags.priceChanged", { before: formatFen(line.priceSeenFen), after: formatFen(line.unitPriceFen) })}
          </p>
        ) : null}
        {line.soldOut ? (
          <p className="notice notice--error cart-line__flag">{line.purchasable ? t("flags.soldOut") : t("flags.unavailable")}</p>
        ) : line.exceedsStock ? (
          <p className="notice notice--error cart-line__flag">{t("flags.exceeds", { available: line.available })}</p>
        ) : null}
      </div>
      <Form method="post" action="/cart" className="cart-line__qty" preventScrollReset>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="variantId" value={line.variantId} />
        <label htmlFor={inputId}>{t("quantityLabel", { name })}</label>
        <div className="cart-line__qty-row">
          <input
            id={inputId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_LINE_QUANTITY}
            step={1}
            required
            defaultValue={line.quantity}
            key={line.quantity}
          />
          <SubmitButton pendingFor={{ variantId: String(line.variantId) }} className="button--ghost">{t("update")}</SubmitButton>
        </div>
      </Form>
      <p className="cart-line__total price">{formatFen(line.lineTotalFen)}</p>
      <Form method="post" action="/cart" className="cart-line__remove" preventScrollReset>
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="variantId" value={line.variantId} />
        <SubmitButton pendingFor={{ variantId: String(line.variantId) }} className="button--ghost" aria-label={t("removeLabel", { name })}>
          {t("remove")}
        </SubmitButton>
      </Form>
    </li>
  );
}
