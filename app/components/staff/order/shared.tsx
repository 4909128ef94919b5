import { useTranslation } from "react-i18next";
import { CheckboxField, TextareaField } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";

/** What the order page's action answered one of its forms, or nothing for a form not sent. */
export interface OrderFormState {
  errors: FieldErrors;
  values: Record<string, string>;
  formError: string | null;
}

export const NO_ANSWER: OrderFormState = { errors: {}, values: {}, formError: null };

/** The translated text of a staff error key. */
export function useStaffErrorText() {
  const { t } = useTranslation("staff");
  return (key: string | undefined | null) => (key ? t(key) : null);
}

/** Why the whole form was refused (a rule of the order, not a field). */
export function OrderFormError({ formError }: { formError: string | null }) {
  const { t } = useTranslation("staff");
  return formError ? (
    <p className="notice notice--error" role="alert">
      {t(formError)}
    </p>
  ) : null;
}

/**
 * The reason and the confirmation every irreversible action asks for. A plain checkbox, so
 * it works before JavaScript: the action refuses the form without it.
 */
export function ReasonAndConfirm({
  idPrefix,
  reasonLabel,
  confirmLabel,
  errors,
  defaultReason,
}: {
  idPrefix: string;
  reasonLabel: string;
  confirmLabel: string;
  errors: FieldErrors;
  defaultReason?: string;
}) {
  const errorText = useStaffErrorText();
  return (
    <>
      <TextareaField id={`${idPrefix}-reason`} name="reason" label={reasonLabel} required maxLength={500} rows={2} defaultValue={defaultReason} error={errorText(errors.reason)} />
      <CheckboxField
        id={`${idPrefix}-confirm`}
        className="field staff-confirm"
        name="confirm"
        value="yes"
        required
        label={confirmLabel}
        error={errorText(errors.confirm)}
      />
    </>
  );
}
