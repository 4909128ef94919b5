import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { bindField, RedirectNotice, type BoundForm } from "~/components/forms";
import type { FieldErrors } from "~/types/forms";
import { formatFen } from "~/utils/money";

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

export interface DistributionFiguresView {
  income_fen?: number;
  costs_fen?: number;
  surplus_fen: number;
  losses_covered_fen: number;
  reserve_fen: number;
  reserve_rate_bp: number;
  distributable_fen: number;
  by_transactions_fen: number;
  transaction_share_bp: number;
  by_accounts_fen: number;
}

const rate = (bp: number) => String(bp / 100);

/**
 * How a distribution's surplus was split, as the distribution page and its public notice show it;
 * income and costs only where they are given (the notice leaves them out).
 */
export function DistributionFigures({ distribution: d }: { distribution: DistributionFiguresView }) {
  const { t } = useTranslation("households");
  return (
    <dl className="coop-kv" data-testid="distribution-figures">
      {d.income_fen !== undefined && d.costs_fen !== undefined ? (
        <>
          <dt>{t("distribution.income")}</dt>
          <dd>{formatFen(d.income_fen)}</dd>
          <dt>{t("distribution.costs")}</dt>
          <dd>{formatFen(d.costs_fen)}</dd>
        </>
      ) : null}
      <dt>{t("distribution.surplus")}</dt>
      <dd>{formatFen(d.surplus_fen)}</dd>
      <dt>{t("distribution.lossesCovered")}</dt>
      <dd>{formatFen(d.losses_covered_fen)}</dd>
      <dt>{t("distribution.reserve", { rate: rate(d.reserve_rate_bp) })}</dt>
      <dd>{formatFen(d.reserve_fen)}</dd>
      <dt>{t("distribution.distributable")}</dt>
      <dd data-testid="distributable">{formatFen(d.distributable_fen)}</dd>
      <dt>{t("distribution.byTransactions", { rate: rate(d.transaction_share_bp) })}</dt>
      <dd>{formatFen(d.by_transactions_fen)}</dd>
      <dt>{t("distribution.byAccounts")}</dt>
      <dd>{formatFen(d.by_accounts_fen)}</dd>
    </dl>
  );
}

/** The way back from a confirmed distribution's printable pages (notice, slips) to the distribution; not printed. */
export function DistributionBackLink({ id }: { id: number }) {
  const { t } = useTranslation("households");
  return (
    <p className="no-print">
      <Link to={`/coop/dividends/${id}`}>← {t("dividends.title")}</Link>
    </p>
  );
}

/** The header of a column of links, read out but not shown. */
export function HiddenHeader({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
