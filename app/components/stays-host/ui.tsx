import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ClaimsList } from "~/components/coop/notices";
import { bindField, RedirectNotice, type BoundForm } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import type { UnmetClaim } from "~/types/trust";

// What the host's stay and booking pages share: their error texts, the notice after a
// redirect and the message of a refused form (with the claims that stopped a listing).

export function useStayErrorText() {
  const { t } = useTranslation("coopStays");
  return (key: string | undefined) => (key ? String(t(`errors.${key}`, { defaultValue: t("errors.form") })) : undefined);
}

/** `bindField` with the stay pages' error texts: `field(form, "name_zh", stored)`. */
export function useStayFields() {
  const errorText = useStayErrorText();
  return (form: Omit<BoundForm, "errorText">, name: string, stored?: string | number | null) => bindField({ ...form, errorText }, name, stored);
}

export function StayNotice() {
  return <RedirectNotice namespace="coopStays" className="notice coop-notice" />;
}

export function Optional() {
  const { t } = useTranslation("coopStays");
  return <span className="field__hint"> ({t("optional")})</span>;
}

export function StayFormProblem({ errors, unmetClaims, bookedNights }: { errors?: FieldErrors | null; unmetClaims?: UnmetClaim[] | null; bookedNights?: string[] | null }) {
  const { t } = useTranslation("coopStays");
  const errorText = useStayErrorText();
  if (bookedNights?.length) {
    return (
      <div className="notice notice--error" role="alert" data-testid="booked-nights">
        <p>{t("errors.bookedNights", { nights: bookedNights.join("、") })}</p>
      </div>
    );
  }
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p className="coop-notice__title">{errors.form ? errorText(errors.form) : t("errors.form")}</p>
      {unmetClaims?.length ? <ClaimsList claims={unmetClaims} /> : null}
    </div>
  );
}

/** "Earlier" and "later" links of the host's calendar (months) and day of bookings (days), with what stands between them. */
export function StepNav({ className, label, prev, next, children }: { className: string; label: string; prev: { to: string; text: string }; next: { to: string; text: string }; children?: ReactNode }) {
  return (
    <nav className={className} aria-label={label}>
      <Link to={prev.to} rel="nofollow">
        {prev.text}
      </Link>
      {children}
      <Link to={next.to} rel="nofollow">
        {next.text}
      </Link>
    </nav>
  );
}

/** The small GET form that picks what a host page shows (a unit and a month, a day), with its button. */
export function PickForm({ action, preventScrollReset, buttonText, children }: { action?: string; preventScrollReset?: boolean; buttonText: string; children: ReactNode }) {
  return (
    <Form method="get" action={action} className="coop-filter stay-cal__pick" preventScrollReset={preventScrollReset}>
      {children}
      <button type="submit" className="button--ghost">
        {buttonText}
      </button>
    </Form>
  );
}
