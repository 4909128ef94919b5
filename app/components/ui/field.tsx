import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

/**
 * A labelled form control with an optional hint and error. The hint and the error are tied
 * to the control with aria-describedby, and an error sets aria-invalid, so a screen reader
 * announces both when the control gets focus.
 */
interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  /** The message to show; falsy means the value is fine. */
  error?: string | null;
  className?: string;
}

function useFieldIds(givenId: string | undefined) {
  const generated = useId();
  const id = givenId ?? `field-${generated}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function describedBy(ids: ReturnType<typeof useFieldIds>, hint: ReactNode, error: string | null | undefined, extra?: string) {
  return [extra, hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean).join(" ") || undefined;
}

function Frame({ ids, label, hint, error, className, children }: FieldFrame & { ids: ReturnType<typeof useFieldIds>; children: ReactNode }) {
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={ids.id}>{label}</label>
      {hint ? <p className="field__hint" id={ids.hintId}>{hint}</p> : null}
      {children}
      {error ? <p className="field__error" id={ids.errorId} role="alert">{error}</p> : null}
    </div>
  );
}

export function Field({ label, hint, error, className, id, "aria-describedby": extra, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} hint={hint} error={error} className={className}>
      <input {...input} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)} />
    </Frame>
  );
}

export function SelectField({ label, hint, error, className, id, children, "aria-describedby": extra, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} hint={hint} error={error} className={className}>
      <select {...select} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)}>
        {children}
      </select>
    </Frame>
  );
}

export function TextareaField({ label, hint, error, className, id, "aria-describedby": extra, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} hint={hint} error={error} className={className}>
      <textarea {...textarea} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)} />
    </Frame>
  );
}
