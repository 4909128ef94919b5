import { Form, Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ProductPicture } from "~/components/catalogue/product-picture";
import { SubmitButton } from "~/components/forms";
import type { Locale } from "~/i18n";
import type { ProductPicture as Picture } from "~/types/catalogue";
import { MAX_LINE_QUANTITY } from "~/utils/cart-limits";
import { useHydrated } from "~/utils/hydration";
import { formatFen } from "~/utils/money";

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
  picture: Picture;
}

/** What a cart fetcher answers (the /cart action's JSON). */
type CartAnswer = { ok: true; cartCount: number } | { ok: false; error: string };

/** A typed quantity is sent once the shopper pauses, not on every keystroke. */
const TYPING_PAUSE_MS = 600;

/**
 * One cart line. Without scripts each control is a plain form: − and + post the quantity one
 * lower or higher, the field posts with its 更新 button, 删除 posts the removal. With scripts
 * the quantity applies as it changes, through the line's own fetcher, and the line total
 * follows at once.
 */
export function CartLine({ line, locale }: { line: CartLineView; locale: Locale }) {
  const { t } = useTranslation("cart");
  const hydrated = useHydrated();
  const fetcher = useFetcher<CartAnswer>({ key: `cart-line-${line.variantId}` });
  const input = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const name = locale === "zh" ? line.nameZh : line.nameEn;
  const label = locale === "zh" ? line.labelZh : line.labelEn;
  const id = line.variantId;
  const inputId = `qty-${id}`;

  // The quantity on its way counts already; a refused one falls back to what the cart holds.
  const sending = fetcher.formData ? Number(fetcher.formData.get("quantity")) : NaN;
  const shownQuantity = Number.isInteger(sending) && sending >= 1 && sending <= MAX_LINE_QUANTITY ? sending : line.quantity;
  const refusal = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  useEffect(() => {
    if (refusal && input.current) input.current.value = String(line.quantity);
  }, [refusal, line.quantity]);
  useEffect(() => () => clearTimeout(typing.current), []);
  // The cart changed (here or in another tab): show its quantity, unless the shopper is typing in the field.
  useEffect(() => {
    if (input.current && document.activeElement !== input.current) input.current.value = String(line.quantity);
  }, [line.quantity]);

  const send = (quantity: string) => {
    clearTimeout(typing.current);
    fetcher.submit({ intent: "update", variantId: String(id), quantity }, { method: "post", action: "/cart", preventScrollReset: true });
  };
  const step = (by: 1 | -1) => (event: React.MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    const current = Number(input.current?.value);
    const from = Number.isInteger(current) && current >= 1 ? current : line.quantity;
    const next = Math.min(MAX_LINE_QUANTITY, Math.max(1, from + by));
    if (input.current) input.current.value = String(next);
    if (next !== line.quantity || fetcher.state !== "idle") send(String(next));
  };
  const typed = (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value.trim();
    clearTimeout(typing.current);
    if (value === "" || value === String(line.quantity)) return;
    typing.current = setTimeout(() => send(value), TYPING_PAUSE_MS);
  };

  return (
    <li className={`cart-line${line.soldOut || line.exceedsStock ? " cart-line--problem" : ""}`} data-testid="cart-line" data-variant-id={id}>
      <div className="cart-line__thumb">
        <ProductPicture picture={line.picture} sizes="80px" />
      </div>
      <div className="cart-line__what">
        <Link to={`/products/${line.slug}`} className="cart-line__name">{name}</Link>
        <span className="cart-line__size" data-testid="cart-line-size">{label}</span>
        <span className="cart-line__unit">
          {formatFen(line.unitPriceFen)}
          {line.temperatureClass !== "ambient" ? <span className="badge badge--muted">{t(`temperature.${line.temperatureClass}`)}</span> : null}
        </span>
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
      <fetcher.Form method="post" action="/cart" className="cart-line__qty" id={`qty-form-${id}`} preventScrollReset>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="variantId" value={id} />
        <label htmlFor={inputId} className="cart-line__qty-label">
          {t("quantityShort")}
          <span className="visually-hidden">{t("quantityOf", { name })}</span>
        </label>
        <div className="stepper">
          <button
            type="submit"
            form={`qty-down-${id}`}
            className="stepper__button"
            aria-label={t("decrease", { name })}
            disabled={shownQuantity <= 1}
            onClick={step(-1)}
            data-testid="qty-down"
          >
            <span aria-hidden="true">−</span>
          </button>
          <input
            ref={input}
            id={inputId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_LINE_QUANTITY}
            step={1}
            required
            defaultValue={line.quantity}
            onChange={typed}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? `qty-error-${id}` : undefined}
          />
          <button
            type="submit"
            form={`qty-up-${id}`}
            className="stepper__button"
            aria-label={t("increase", { name })}
            disabled={shownQuantity >= MAX_LINE_QUANTITY}
            onClick={step(1)}
            data-testid="qty-up"
          >
            <span aria-hidden="true">+</span>
          </button>
        </div>
        {/* Scripts apply the quantity as it changes; without them this button does. */}
        {hydrated ? null : (
          <SubmitButton pendingFor={{ variantId: String(id) }} className="button--ghost cart-line__apply">{t("update")}</SubmitButton>
        )}
        {refusal ? <p className="field__error" id={`qty-error-${id}`} role="alert">{refusal}</p> : null}
      </fetcher.Form>
      {/* The forms the − and + buttons post when scripts are off. */}
      <Form method="post" action="/cart" id={`qty-down-${id}`} hidden preventScrollReset>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="variantId" value={id} />
        <input type="hidden" name="quantity" value={Math.max(1, line.quantity - 1)} />
      </Form>
      <Form method="post" action="/cart" id={`qty-up-${id}`} hidden preventScrollReset>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="variantId" value={id} />
        <input type="hidden" name="quantity" value={Math.min(MAX_LINE_QUANTITY, line.quantity + 1)} />
      </Form>
      <p className="cart-line__total price" data-testid="line-total">{formatFen(line.unitPriceFen * shownQuantity)}</p>
      <Form method="post" action="/cart" className="cart-line__remove" preventScrollReset>
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="variantId" value={id} />
        <SubmitButton pendingFor={{ variantId: String(id) }} intent="remove" className="button--ghost cart-line__remove-button" aria-label={t("removeLabel", { name })}>
          {t("remove")}
        </SubmitButton>
      </Form>
    </li>
  );
}
