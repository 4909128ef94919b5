import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FreeShippingProgress } from "~/utils/free-shipping";
import { formatFen } from "~/utils/money";

/** A line just removed, as the cart page offers it back. */
export interface UndoNotice {
  token: string;
  name: string;
  label: string;
  quantity: number;
}

/**
 * "Removed … — Undo": a plain form, so it works without scripts too. Once scripts run, focus
 * moves to the undo button, since the remove button that had it is gone with its line.
 */
export function CartUndo({ undo }: { undo: UndoNotice }) {
  const { t } = useTranslation("cart");
  const button = useRef<HTMLButtonElement>(null);
  const navigation = useNavigation();
  const restoring = navigation.state === "submitting" && navigation.formData?.get("intent") === "restore";
  useEffect(() => {
    button.current?.focus({ preventScroll: false });
  }, [undo.token]);
  return (
    <div className="notice cart-undo" role="status" data-testid="cart-undo">
      <p className="cart-undo__text">{t("undo.removed", { name: undo.name, label: undo.label, quantity: undo.quantity })}</p>
      <Form method="post" action="/cart" preventScrollReset>
        <input type="hidden" name="intent" value="restore" />
        <input type="hidden" name="undo" value={undo.token} />
        <button ref={button} type="submit" className="button--ghost" disabled={restoring}>
          {restoring ? t("undo.restoring") : t("undo.action")}
        </button>
      </Form>
    </div>
  );
}

/** How far the cart is from free shipping, by the checkout's own rule. */
export function FreeShippingNote({ progress }: { progress: FreeShippingProgress }) {
  const { t } = useTranslation("cart");
  if (progress.kind === "off") return <p className="muted">{t("shippingNote")}</p>;
  if (progress.kind === "cold_chain") return <p className="muted" data-testid="free-shipping">{t("freeShipping.coldChain")}</p>;
  if (progress.kind === "free") {
    return (
      <p className="cart-free cart-free--done" data-testid="free-shipping">
        {t("freeShipping.reached", { threshold: formatFen(progress.thresholdFen) })}
      </p>
    );
  }
  const percent = Math.min(100, Math.round(((progress.thresholdFen - progress.gapFen) / progress.thresholdFen) * 100));
  return (
    <div className="cart-free">
      <p className="cart-free__text" data-testid="free-shipping">
        {t("freeShipping.short", { amount: formatFen(progress.gapFen) })}
        <span className="muted"> · {t("freeShipping.rule", { threshold: formatFen(progress.thresholdFen) })}</span>
      </p>
      <div className="cart-free__bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export function CartClear() {
  const { t } = useTranslation("cart");
  return (
    <Form method="post" action="/cart" className="cart-clear">
      <input type="hidden" name="intent" value="clear" />
      <button type="submit" className="button--ghost">{t("clear")}</button>
    </Form>
  );
}
