import { useNavigation, useSearchParams, type useFetcher } from "@remix-run/react";
import { useId, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors, FormValues } from "~/types/forms";
import { HONEYPOT_FIELD } from "~/utils/honeypot";

// The one form kit. Every control has a visible label, its hint and its error tied to it with
// aria-describedby, and an error sets aria-invalid, so a screen reader announces both when the
// control gets focus. Errors arrive here as text: each page translates its action's error keys
// in its own namespace.

interface FieldFrame {
  label: ReactNode;
  /** Shown after the label, e.g. "(optional)". */
  labelNote?: ReactNode;
  hint?: ReactNode;
  /** The message to show; falsy means the value is fine. */
  error?: string | null;
  className?: string;
}

interface FieldIds {
  id: string;
  hintId: string;
  errorId: string;
}

function useFieldIds(givenId: string | undefined): FieldIds {
  const generated = useId();
  const id = givenId ?? `field-${generated}`;
  return { id, hintId: `${id}-hint`, errorId: `${id}-error` };
}

function describedBy(ids: FieldIds, hint: ReactNode, error: string | null | undefined, extra?: string) {
  return [extra, hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean).join(" ") || undefined;
}

/** The aria attributes of a control with this id and error, for controls laid out by hand. */
export function errorProps(id: string, error?: string | null) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

/** A control's error, with the id its aria-describedby points at. */
export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p className="field__error" id={`${id}-error`} role="alert">
      {error}
    </p>
  );
}

function Frame({ ids, label, labelNote, hint, error, className, children }: FieldFrame & { ids: FieldIds; children: ReactNode }) {
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={ids.id}>
        {label}
        {labelNote}
      </label>
      {hint ? (
        <p className="field__hint" id={ids.hintId}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={ids.id} error={error} />
    </div>
  );
}

type FieldProps = FieldFrame & InputHTMLAttributes<HTMLInputElement> & { inputClassName?: string };

export function Field({ label, labelNote, hint, error, className, inputClassName, id, "aria-describedby": extra, ...input }: FieldProps) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} labelNote={labelNote} hint={hint} error={error} className={className}>
      <input {...input} className={inputClassName} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)} />
    </Frame>
  );
}

/** A file chooser; a browser never lets a page fill one in, so it takes no value. */
export function FileField({ defaultValue: _none, ...props }: Omit<FieldProps, "type">) {
  return <Field {...props} type="file" />;
}

export function SelectField({ label, labelNote, hint, error, className, id, children, "aria-describedby": extra, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} labelNote={labelNote} hint={hint} error={error} className={className}>
      <select {...select} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)}>
        {children}
      </select>
    </Frame>
  );
}

export function TextareaField({ label, labelNote, hint, error, className, id, "aria-describedby": extra, ...textarea }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(id);
  return (
    <Frame ids={ids} label={label} labelNote={labelNote} hint={hint} error={error} className={className}>
      <textarea {...textarea} id={ids.id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(ids, hint, error, extra)} />
    </Frame>
  );
}

/** The options of a select, from value/label pairs, with an optional empty first choice. */
export function Options({ options, placeholder }: { options: readonly { value: string; label: string }[]; placeholder?: string }) {
  return (
    <>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

/** A single checkbox with its label after it (a confirmation, "make this the default"). */
export function CheckboxField({ label, error, className, id, ...input }: { label: ReactNode; error?: string | null; className?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const ids = useFieldIds(id);
  return (
    <div className={className ?? "checkbox-field"}>
      <input {...input} type="checkbox" id={ids.id} {...errorProps(ids.id, error)} />
      <label htmlFor={ids.id}>{label}</label>
      <FieldError id={ids.id} error={error} />
    </div>
  );
}

/** Controls grouped under a legend, with the group's hint and error tied to the group. */
export function Fieldset({
  legend,
  hint,
  error,
  id,
  className,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Names the hint and the error (`<id>-hint`, `<id>-error`). */
  id: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <fieldset className={className} aria-describedby={[hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

/** A set of checkboxes sharing one name (the months a product is in season). */
export function CheckboxGroup({
  name,
  legend,
  hint,
  error,
  options,
  checked,
  id,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  options: readonly { value: string; label: string }[];
  checked: ReadonlySet<string>;
  id: string;
}) {
  return (
    <Fieldset legend={legend} hint={hint} error={error} id={id} className="field coop-checks">
      <div className="coop-checks__grid">
        {options.map((option) => (
          <label key={option.value} className="coop-check">
            <input type="checkbox" name={name} value={option.value} defaultChecked={checked.has(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </Fieldset>
  );
}

export interface BoundForm {
  /** What the action sent back when the form was refused (what was typed). */
  values?: FormValues | null;
  errors?: FieldErrors | null;
  /** Distinguishes several forms on one page. */
  idPrefix?: string;
  /** The text of an error key, in the page's namespace. */
  errorText: (key: string | undefined) => string | undefined;
}

/**
 * A field bound to its form's refused submission: its id, its name, what was typed (or the
 * stored value when nothing was) and its translated error, to spread on a control of this kit.
 */
export function bindField(form: BoundForm, name: string, stored?: string | number | null) {
  const typed = form.values?.[name];
  return {
    id: `${form.idPrefix ?? "f"}-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`,
    name,
    defaultValue: typeof typed === "string" ? typed : stored === null || stored === undefined ? "" : String(stored),
    error: form.errorText(form.errors?.[name]),
  };
}

/** The boxes of a checkbox group to tick: what was sent back, or else the stored ones. */
export function checkedValues(values: FormValues | null | undefined, name: string, stored: readonly (string | number)[] = []): Set<string> {
  const typed = values?.[name];
  return new Set((Array.isArray(typed) ? typed : values ? [] : stored).map(String));
}

type Fetcher = Pick<ReturnType<typeof useFetcher>, "state" | "formData">;

/**
 * A submit button that says it is working while its form is on its way: the page's navigation
 * (or the given fetcher) is submitting and, when `intent` or `pendingFor` is given, submitting
 * those fields with those values (one form among several on a page).
 */
export function SubmitButton({
  children,
  pendingText,
  fetcher,
  intent,
  pendingFor,
  disabled,
  ...button
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & { pendingText?: ReactNode; fetcher?: Fetcher; intent?: string; pendingFor?: Record<string, string> }) {
  const navigation = useNavigation();
  const state = fetcher ?? navigation;
  const fields = { ...pendingFor, ...(intent === undefined ? {} : { intent }) };
  const formData = state.state !== "idle" ? state.formData : undefined;
  const pending = formData !== undefined && Object.entries(fields).every(([name, value]) => formData.get(name) === value);
  return (
    <button {...button} type="submit" disabled={disabled || pending}>
      {pending && pendingText ? pendingText : children}
    </button>
  );
}

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

/**
 * The box for choosing a password: signing up, accepting an invitation, changing one, or staff
 * giving a new account its first one. The browser's checks match the server's (at least 12
 * characters: PASSWORD_MIN in utils/account-forms.server.ts); the hint says so in words.
 */
export function NewPasswordField({ name = "password", ...field }: { label: ReactNode; hint: ReactNode; name?: string; error?: string | null }) {
  return <Field {...field} name={name} type="password" autoComplete="new-password" required minLength={12} />;
}

/**
 * The notice a page shows after its own form redirected back with `?notice=key` (post, redirect,
 * get: it works without JavaScript). The text is `notices.<key>` in the page's namespace; a key
 * that is malformed or has no text shows nothing, so a crafted link cannot put words on the page.
 * `fromQuery` names further query parameters the text may quote (e.g. a generated code).
 */
export function RedirectNotice({
  namespace,
  className = "notice",
  params,
  fromQuery = [],
}: {
  namespace: string;
  className?: string;
  params?: Record<string, string>;
  fromQuery?: readonly string[];
}) {
  const { t } = useTranslation(namespace);
  const [searchParams] = useSearchParams();
  const key = searchParams.get("notice");
  if (!key || !/^[a-zA-Z]+$/.test(key)) return null;
  const quoted = Object.fromEntries(fromQuery.map((name) => [name, searchParams.get(name) ?? ""]));
  const text = t(`notices.${key}`, { defaultValue: "", ...params, ...quoted });
  if (!text) return null;
  return (
    <div className={className} role="status" data-testid="success-notice">
      {text}
    </div>
  );
}
