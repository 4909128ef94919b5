import { useTranslation } from "react-i18next";
import { bindField, RedirectNotice, type BoundForm } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import type { UnmetClaim } from "~/types/trust";

// What the cooperative portal's forms say around their fields: the refused form's message,
// the claims that stopped a product, the notice after a redirect. The fields themselves are
// the shared kit's (~/components/forms).

/** The text of an error key: `upload.notAnImage`-style keys name their section, bare keys are `errors.*`. */
export function useErrorText() {
  const { t } = useTranslation("coop");
  return (key: string | undefined) => (key ? String(t(key.includes(".") ? key : `errors.${key}`)) : undefined);
}

/** `bindField` with the portal's error texts: `field(form, "name_zh", stored)`. */
export function useCoopFields() {
  const errorText = useErrorText();
  return (form: Omit<BoundForm, "errorText">, name: string, stored?: string | number | null) => bindField({ ...form, errorText }, name, stored);
}

/** "(optional)" after the label of a field that may be left empty. */
export function OptionalNote() {
  const { t } = useTranslation("coop");
  return <span className="field__hint"> ({t("common.optional")})</span>;
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
  return <RedirectNotice namespace="coop" className="notice coop-notice" params={params} fromQuery={["code"]} />;
}
