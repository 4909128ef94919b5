import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DistributionFigures, HouseholdNotice } from "~/components/households/ui";
import { deleteDraft, getDistribution } from "~/models/distribution.server";
import { requireCooperative } from "~/services/auth.server";
import { confirmDistribution } from "~/services/dividends.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { invariantResponse, notFound } from "~/utils/responses.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

function distributionId(params: LoaderFunctionArgs["params"]): number {
  if (!/^\d{1,9}$/.test(params.id ?? "")) throw notFound();
  return Number(params.id);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const found = await getDistribution(db(), { id: distributionId(params), cooperativeId: cooperative.id });
  if (!found) throw notFound();
  const t = await getFixedT(await getLocale(request), "households");
  return json(
    { title: t("meta.distribution", { start: found.distribution.period_start, end: found.distribution.period_end }), ...found },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const id = distributionId(params);
  const intent = (await readForm(request)).get("intent");
  if (intent === "confirm") {
    const result = await confirmDistribution(db(), { id, cooperativeId: cooperative.id, userId: user.id });
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound();
      return json({ refused: result.reason }, { status: 409 });
    }
    return redirect(`/coop/dividends/${id}?notice=confirmed`);
  }
  if (intent === "discard") {
    if (!(await getDistribution(db(), { id, cooperativeId: cooperative.id }))) throw notFound();
    if (!(await deleteDraft(db(), { id, cooperativeId: cooperative.id }))) return json({ refused: "already_confirmed" as const }, { status: 409 });
    return redirect("/coop/dividends?notice=discarded");
  }
  invariantResponse(false, "Unknown request");
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopDistribution() {
  const { distribution: d, lines } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const confirmed = d.status === "confirmed";
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/dividends">← {t("dividends.title")}</Link>
      </p>
      <HouseholdNotice />
      {actionData?.refused ? (
        <div className="notice notice--error" role="alert">
          {t(`distribution.refused.${actionData.refused}`)}
        </div>
      ) : null}
      <h1>{t("distribution.title", { start: d.period_start, end: d.period_end })}</h1>
      <p>
        <span className={confirmed ? "badge" : "badge badge--warn"} data-testid="distribution-status">
          {t(`dividends.status.${d.status}`)}
        </span>{" "}
        {confirmed && d.confirmed_at ? t("distribution.confirmedBy", { date: String(d.confirmed_at).slice(0, 10), name: d.confirmed_by_name ?? "" }) : t("distribution.draftNote")}
      </p>

      <DistributionFigures distribution={d} />

      <ScrollBox>
        <table className="table" data-testid="distribution-lines">
          <thead>
            <tr>
              <th scope="col">{t("distribution.household")}</th>
              <th scope="col">{t("distribution.village")}</th>
              <th scope="col">{t("distribution.days")}</th>
              <th scope="col">{t("distribution.transactions")}</th>
              <th scope="col">{t("distribution.account")}</th>
              <th scope="col">{t("distribution.partTransactions")}</th>
              <th scope="col">{t("distribution.partAccount")}</th>
              {d.converted_bp > 0 ? <th scope="col">{t("distribution.converted")}</th> : null}
              <th scope="col">{t("distribution.payable")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.household_id}>
                <td>
                  {t("numberLabel", { n: l.household_number })} {l.head_name}
                </td>
                <td>{l.village}</td>
                <td>{l.member_days}</td>
                <td>{formatFen(l.transactions_fen)}</td>
                <td>{formatFen(l.account_fen)}</td>
                <td>{formatFen(l.by_transactions_fen)}</td>
                <td>{formatFen(l.by_account_fen)}</td>
                {d.converted_bp > 0 ? <td>{formatFen(l.converted_fen)}</td> : null}
                <td>{formatFen(l.by_transactions_fen + l.by_account_fen - l.converted_fen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>{t("distribution.total")}</th>
              <td>{formatFen(sum((l) => l.by_transactions_fen))}</td>
              <td>{formatFen(sum((l) => l.by_account_fen))}</td>
              {d.converted_bp > 0 ? <td>{formatFen(sum((l) => l.converted_fen))}</td> : null}
              <td>{formatFen(sum((l) => l.by_transactions_fen + l.by_account_fen - l.converted_fen))}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollBox>

      {confirmed ? (
        <p className="coop-item__actions">
          <Link to={`/coop/dividends/${d.id}/notice`}>{t("distribution.notice")}</Link>{" "}
          <Link to={`/coop/dividends/${d.id}/slips`}>{t("distribution.slips")}</Link>{" "}
          <a href={`/coop/dividends/${d.id}/payments.csv`} download>
            {t("distribution.csv")}
          </a>
        </p>
      ) : (
        <div className="coop-form__actions">
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <SubmitButton intent="confirm">{t("distribution.confirm")}</SubmitButton>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="discard" />
            <SubmitButton intent="discard" className="button--ghost">{t("distribution.discard")}</SubmitButton>
          </Form>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
