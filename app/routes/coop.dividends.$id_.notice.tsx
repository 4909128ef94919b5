import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DistributionBackLink, DistributionFigures } from "~/components/households/ui";
import { localized } from "~/i18n";
import { requireConfirmedDistribution } from "~/services/coop-access.server";
import styles from "~/styles/households.css";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { noticeName } from "~/utils/notice-name";

// The public notice (公示) of a confirmed distribution, to print and post at the village board.
// Households are named only as the cooperative chose; nothing else about them is shown.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, found } = await requireConfirmedDistribution(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "households");
  const { distribution: d } = found;
  const lines = found.lines.map((l) => ({
    key: l.household_id,
    name: noticeName(l, d.notice_names, (n) => t("numberLabel", { n })),
    village: d.notice_names === "number" ? "" : l.village,
    byTransactionsFen: l.by_transactions_fen,
    byAccountFen: l.by_account_fen,
    convertedFen: l.converted_fen,
  }));
  return json(
    {
      title: t("meta.notice"),
      heading: t("notice.title", { coop: localized(cooperative, "name", locale), start: d.period_start, end: d.period_end }),
      distribution: { id: d.id, surplus_fen: d.surplus_fen, losses_covered_fen: d.losses_covered_fen, reserve_fen: d.reserve_fen, reserve_rate_bp: d.reserve_rate_bp, distributable_fen: d.distributable_fen, by_transactions_fen: d.by_transactions_fen, transaction_share_bp: d.transaction_share_bp, by_accounts_fen: d.by_accounts_fen, converted_bp: d.converted_bp, confirmed_at: d.confirmed_at },
      lines,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DistributionNotice() {
  const { heading, distribution: d, lines } = useLoaderData<typeof loader>();
  const { t } = useTranslation("households");
  return (
    <article className="print-page" data-testid="distribution-notice">
      <DistributionBackLink id={d.id} />
      <h1>{heading}</h1>
      <p>{t("notice.intro")}</p>
      <DistributionFigures distribution={d} />
      <table className="table" data-testid="notice-lines">
        <thead>
          <tr>
            <th scope="col">{t("distribution.household")}</th>
            <th scope="col">{t("distribution.village")}</th>
            <th scope="col">{t("distribution.partTransactions")}</th>
            <th scope="col">{t("distribution.partAccount")}</th>
            {d.converted_bp > 0 ? <th scope="col">{t("distribution.converted")}</th> : null}
            <th scope="col">{t("distribution.total")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key}>
              <td>{l.name}</td>
              <td>{l.village}</td>
              <td>{formatFen(l.byTransactionsFen)}</td>
              <td>{formatFen(l.byAccountFen)}</td>
              {d.converted_bp > 0 ? <td>{formatFen(l.convertedFen)}</td> : null}
              <td>{formatFen(l.byTransactionsFen + l.byAccountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t("notice.posted", { date: String(d.confirmed_at).slice(0, 10) })}</p>
      <p className="print-signature">{t("notice.signature")}</p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
