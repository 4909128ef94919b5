import { useTranslation } from "react-i18next";

/** The name of the trap field; the server check reads the same constant. */
export const HONEYPOT_FIELD = "website";

/**
 * A field people never see or reach (visually hidden, aria-hidden, out of the tab order,
 * no autofill) but form-filling bots do: a submission with it filled is refused with a 400.
 * Put it inside any public `<Form>`, and call `checkHoneypot(formData)` in the action.
 */
export function HoneypotField() {
  const { t } = useTranslation("account");
  return (
    <div className="visually-hidden" aria-hidden="true">
      <label htmlFor={`hp-${HONEYPOT_FIELD}`}>{t("honeypot.label")}</label>
      <input id={`hp-${HONEYPOT_FIELD}`} type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
