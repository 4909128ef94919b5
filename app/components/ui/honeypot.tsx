import { useTranslation } from "react-i18next";
import { HONEYPOT_FIELD } from "~/utils/honeypot";

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
