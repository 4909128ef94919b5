import { useTranslation } from "react-i18next";

export type FieldErrors = Partial<Record<string, string>>;

/** A field's error, tied to its control by id for screen readers. */
export function FieldError({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation("staff");
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert">
      {t(error)}
    </p>
  );
}

export function errorProps(id: string, error?: string) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
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
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>{reasonLabel}</label>
        <textarea
          id={`${idPrefix}-reason`}
          name="reason"
          required
          maxLength={500}
          rows={2}
          defaultValue={defaultReason}
          {...errorProps(`${idPrefix}-reason`, errors.reason)}
        />
        <FieldError id={`${idPrefix}-reason`} error={errors.reason} />
      </div>
      <div className="field staff-confirm">
        <input id={`${idPrefix}-confirm`} type="checkbox" name="confirm" value="yes" required {...errorProps(`${idPrefix}-confirm`, errors.confirm)} />
        <label htmlFor={`${idPrefix}-confirm`}>{confirmLabel}</label>
        <FieldError id={`${idPrefix}-confirm`} error={errors.confirm} />
      </div>
    </>
  );
}
