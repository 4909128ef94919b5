import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DistributionBackLink } from "~/components/households/ui";
import { localized } from "~/i18n";
import { requireConfirmedDistribution } from "~/services/coop-access.server";
import styles from "~/styles/households.css";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";

// One slip per household of a confirmed distribution, to print, hand over and sign.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, found } = await requireConfirmedDistribution(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "households");
  return json({ title: t("meta.slips"), cooperativeName: localized(cooperative, "name", locale), ...found }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DistributionSlips() {
  const { cooperativeName, distribution: d, lines } = useLoaderData<typeof loader>();
  const { t } = useTranslation("households");
  return (
    <div className="print-page">
      <DistributionBackLink id={d.id} />
      {lines.map((l) => (
        <section key={l.household_id} className="slip" data-testid="slip">
          <h2>
            {cooperativeName} · {t("slip.title")}
          </h2>
          <p>
            {d.period_start} – {d.period_end}
          </p>
          <dl>
            <dt>{t("distribution.household")}</dt>
            <dd>
              {t("numberLabel", { n: l.household_number })} {l.head_name}（{l.village}）
            </dd>
            <dt>{t("distribution.transactions")}</dt>
            <dd>{formatFen(l.transactions_fen)}</dd>
            <dt>{t("distribution.account")}</dt>
            <dd>{formatFen(l.account_fen)}</dd>
            <dt>{t("distribution.partTransactions")}</dt>
            <dd>{formatFen(l.by_transactions_fen)}</dd>
            <dt>{t("distribution.partAccount")}</dt>
            <dd>{formatFen(l.by_account_fen)}</dd>
            {l.converted_fen > 0 ? (
              <>
                <dt>{t("distribution.converted")}</dt>
                <dd>{formatFen(l.converted_fen)}</dd>
              </>
            ) : null}
            <dt>{t("distribution.payable")}</dt>
            <dd>
              <strong>{formatFen(l.by_transactions_fen + l.by_account_fen - l.converted_fen)}</strong>
            </dd>
          </dl>
          <p className="print-signature">{t("slip.received")}：＿＿＿＿＿＿</p>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
