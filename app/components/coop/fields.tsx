import { useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { UnmetClaim } from "~/types/trust";
import type { FieldErrors, FormValues } from "~/schemas/coop";

// Form pieces for the cooperative portal: every control has a visible label, a hint where
// a word might be unclear, and its error right under it, tied together with aria attributes.

/** The text of an error key: `upload.notAnImage`-style keys name their section, bare keys are `errors.*`. */
export function useErrorText() {
  const { t } = useTranslation("coop");
  return (key: string | undefined) => (key ? String(t(key.includes(".") ? key : `errors.${key}`)) : undefined);
}

interface BaseProps {
  name: string;
  label: string;
  hint?: string;
  /** What the action sent back when the form was refused (what was typed). */
  values?: FormValues | null;
  errors?: FieldErrors | null;
  /** The stored value, used when nothing was typed yet. */
  defaultValue?: string | number | null;
  /** Distinguishes several forms on one page. */
  idPrefix?: string;
  optional?: boolean;
}

function fieldIds(props: BaseProps) {
  const id = `${props.idPrefix ?? "f"}-${props.name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function currentValue(props: BaseProps): string {
  const typed = props.values?.[props.name];
  if (typeof typed === "string") return typed;
  return props.defaultValue === null || props.defaultValue === undefined ? "" : String(props.defaultValue);
}

function FieldFrame({ props, children }: { props: BaseProps; children: (aria: Record<string, string | boolean | undefined>) => ReactNode }) {
  const { t } = useTranslation("coop");
  const errorText = useErrorText();
  const { id, hintId, errorId } = fieldIds(props);
  const error = errorText(props.errors?.[props.name]);
  const describedBy = [props.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.optional ? <span className="field__hint"> ({t("common.optional")})</span> : null}
      </label>
      {props.hint ? (
        <p className="field__hint coop-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = BaseProps & {
  type?: "text" | "date" | "number" | "email";
  inputMode?: "text" | "decimal" | "numeric";
  autoCapitalize?: string;
  maxLength?: number;
  required?: boolean;
  placeholder?: string;
};

export function TextField(props: InputProps) {
  return (
    <FieldFrame props={props}>
      {(aria) => (
        <input
          {...aria}
          name={props.name}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          autoCapitalize={props.autoCapitalize}
          maxLength={props.maxLength}
          required={props.required}
          placeholder={props.placeholder}
          defaultValue={currentValue(props)}
        />
      )}
    </FieldFrame>
  );
}

export function TextArea(props: BaseProps & { maxLength?: number; rows?: number }) {
  return (
    <FieldFrame props={props}>
      {(aria) => <textarea {...aria} name={props.name} maxLength={props.maxLength} rows={props.rows ?? 5} defaultValue={currentValue(props)} />}
    </FieldFrame>
  );
}

export function SelectField(props: BaseProps & { options: { value: string; label: string }[]; placeholder?: string; required?: boolean }) {
  return (
    <FieldFrame props={props}>
      {(aria) => (
        <select {...aria} name={props.name} defaultValue={currentValue(props)} required={props.required}>
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function FileField(props: BaseProps & { accept: string; required?: boolean; capture?: boolean }) {
  return (
    <FieldFrame props={props}>
      {(aria) => <input {...aria} name={props.name} type="file" accept={props.accept} required={props.required} className="coop-file" />}
    </FieldFrame>
  );
}

/** A set of checkboxes sharing one name (the months a product is in season). */
export function CheckboxGroup({
  name,
  legend,
  hint,
  options,
  values,
  errors,
  defaultValue,
  idPrefix = "f",
}: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  values?: FormValues | null;
  errors?: FieldErrors | null;
  defaultValue?: readonly (string | number)[];
  idPrefix?: string;
}) {
  const errorText = useErrorText();
  const typed = values?.[name];
  const checked = new Set((Array.isArray(typed) ? typed : values ? [] : (defaultValue ?? [])).map(String));
  const error = errorText(errors?.[name]);
  return (
    <fieldset className="field coop-checks" aria-describedby={hint ? `${idPrefix}-${name}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint coop-hint" id={`${idPrefix}-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="coop-checks__grid">
        {options.map((option) => (
          <label key={option.value} className="coop-check">
            <input type="checkbox" name={name} value={option.value} defaultChecked={checked.has(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}

/** The form-level message of a refused form, and the claims that stopped it. */
export function FormProblem({
  errors,
  unmetClaims,
  fileWasChosen,
}: {
  errors?: FieldErrors | null;
  unmetClaims?: UnmetClaim[] | null;
  fileWasChosen?: boolean;
}) {
  const { t } = useTranslation("coop");
  const errorText = useErrorText();
  if (!errors || Object.keys(errors).length === 0) return null;
  const formError = errors.form;
  return (
    <div className="notice notice--error" role="alert">
      <p className="coop-notice__title">{formError ? errorText(formError) : t("common.fixBelow")}</p>
      {unmetClaims?.length ? <ClaimsList claims={unmetClaims} /> : null}
      {fileWasChosen ? <p>{t("common.chooseFileAgain")}</p> : null}
    </div>
  );
}

export function ClaimsList({ claims }: { claims: readonly UnmetClaim[] }) {
  const { t } = useTranslation("coop");
  return (
    <ul className="coop-claims" data-testid="unmet-claims">
      {claims.map((claim) => (
        <li key={`${claim.type}-${claim.word}`}>
          {t("claims.needs", {
            word: claim.word,
            claim: t(`claims.types.${claim.type}`),
            certificate: t(`certificationTypes.${claim.type}`),
          })}
        </li>
      ))}
    </ul>
  );
}

/** The success notice named by `?notice=` after a redirect (works without JavaScript). */
export function SuccessNotice({ params }: { params?: Record<string, string> }) {
  const { t } = useTranslation("coop");
  const [searchParams] = useSearchParams();
  const key = searchParams.get("notice");
  if (!key || !/^[a-zA-Z]+$/.test(key)) return null;
  const text = t(`notices.${key}`, { defaultValue: "", ...params, code: searchParams.get("code") ?? "" });
  if (!text) return null;
  return (
    <div className="notice coop-notice" role="status" data-testid="success-notice">
      {text}
    </div>
  );
}
