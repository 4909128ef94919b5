import { useTranslation } from "react-i18next";
import { bindField, RedirectNotice, type BoundForm } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";

// What the households and dividends pages share: their error texts and the notice after a redirect.

export function useHouseholdFields() {
  const { t } = useTranslation("households");
  const errorText = (key: string | undefined) => (key ? String(t(`errors.${key}`)) : undefined);
  return (form: Omit<BoundForm, "errorText">, name: string, stored?: string | number | null) => bindField({ ...form, errorText }, name, stored);
}

export function HouseholdNotice() {
  return <RedirectNotice namespace="households" />;
}

export function HouseholdFormProblem({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useTranslation(["households", "coop"]);
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>{errors.form ? t(`errors.${errors.form}`) : t("coop:common.fixBelow")}</p>
    </div>
  );
}

export function Optional() {
  const { t } = useTranslation("households");
  return <span className="field__hint"> ({t("optional")})</span>;
}
