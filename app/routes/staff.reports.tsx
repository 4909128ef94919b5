import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HorizontalBarChart } from "~/components/charts/bar-chart";
import { LineChart } from "~/components/charts/line-chart";
import { defaultReportRange, parseReportRange, searchWith } from "~/schemas/staff-order-filters";
import { localized, type Locale } from "~/i18n";
import { salesByCooperative, salesByDay, salesByProduct } from "~/models/report.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

const REPORT_MAX_DAYS = 366;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const today = chinaToday();
  const parsed = parseReportRange(new URL(request.url).searchParams, { today, maxDays: REPORT_MAX_DAYS });
  // A bad range in the address falls back to the last 30 days, and says so.
  const range = parsed.ok ? { from: parsed.from, to: parsed.to } : defaultReportRange(today);
  const [days, cooperatives, products] = await Promise.all([
    salesByDay(db(), range),
    salesByCooperative(db(), range),
    salesByProduct(db(), range, { limit: 20 }),
  ]);
  const totals = days.reduce(
    (sum, day) => ({ orders: sum.orders + day.orders, gross: sum.gross + day.gross_fen, refunded: sum.refunded + day.refunded_fen, net: sum.net + day.net_fen }),
    { orders: 0, gross: 0, refunded: 0, net: 0 },
  );
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    { range, rangeError: parsed.ok ? null : parsed.error, days, cooperatives, products, totals, title: t("reports.title") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Reports" }];

const fen = (value: number) => formatFen(Math.round(value));

export default function StaffReports() {
  const { range, rangeError, days, cooperatives, products, totals } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const query = searchWith(range, {});
  return (
    <section className="staff-page" aria-labelledby="reports-title">
      <h1 id="reports-title">{t("reports.title")}</h1>
      <Form method="get" className="staff-filters card" aria-label={t("reports.range")}>
        {rangeError ? <p className="notice notice--warn" role="alert">{t(rangeError)} {t("reports.fallback")}</p> : null}
        <div className="staff-filters__grid">
          <Field id="report-from" label={t("orders.from")} name="from" type="date" defaultValue={range.from} required />
          <Field id="report-to" label={t("orders.to")} name="to" type="date" defaultValue={range.to} required />
        </div>
        <div className="staff-actions">
          <button type="submit">{t("reports.show")}</button>
          <a className="button button--ghost" href={`/staff/reports/orders.csv${query}`} download>{t("reports.exportOrders")}</a>
          <a className="button button--ghost" href={`/staff/reports/shipments.csv${query}`} download>{t("reports.exportShipments")}</a>
        </div>
      </Form>

      <dl className="staff-totals" data-testid="report-totals">
        <div><dt>{t("reports.orders")}</dt><dd>{totals.orders}</dd></div>
        <div><dt>{t("reports.gross")}</dt><dd>{fen(totals.gross)}</dd></div>
        <div><dt>{t("reports.refunded")}</dt><dd>{fen(totals.refunded)}</dd></div>
        <div><dt>{t("reports.net")}</dt><dd><strong>{fen(totals.net)}</strong></dd></div>
      </dl>

      <section aria-labelledby="by-day-title" className="staff-report">
        <h2 id="by-day-title">{t("reports.byDay")}</h2>
        <LineChart
          title={t("reports.byDayChart", { from: range.from, to: range.to })}
          description={t("reports.byDayDesc", { days: days.length, net: fen(totals.net) })}
          data={days.map((day) => ({ label: day.day.slice(5), value: day.net_fen }))}
          formatValue={fen}
        />
        <details>
          <summary>{t("reports.table")}</summary>
          <ScrollBox>
            <table className="table staff-table staff-table--compact">
              <thead>
                <tr>
                  <th scope="col">{t("reports.day")}</th>
                  <th scope="col" className="num">{t("reports.orders")}</th>
                  <th scope="col" className="num">{t("reports.gross")}</th>
                  <th scope="col" className="num">{t("reports.refunded")}</th>
                  <th scope="col" className="num">{t("reports.net")}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{day.day}</th>
                    <td className="num">{day.orders}</td>
                    <td className="num">{fen(day.gross_fen)}</td>
                    <td className="num">{fen(day.refunded_fen)}</td>
                    <td className="num">{fen(day.net_fen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </details>
      </section>

      <section aria-labelledby="by-coop-title" className="staff-report">
        <h2 id="by-coop-title">{t("reports.byCooperative")}</h2>
        <p className="muted staff-small">{t("reports.itemsNote")}</p>
        {cooperatives.length === 0 ? (
          <p className="muted">{t("reports.none")}</p>
        ) : (
          <>
            <HorizontalBarChart
              title={t("reports.byCooperativeChart")}
              description={t("reports.rankingDesc", { count: cooperatives.length })}
              data={cooperatives.map((row) => ({ label: localized(row, "name", locale), value: row.net_fen }))}
              formatValue={fen}
            />
            <GroupTable rows={cooperatives} locale={locale} nameLabel={t("reports.cooperative")} />
          </>
        )}
      </section>

      <section aria-labelledby="by-product-title" className="staff-report">
        <h2 id="by-product-title">{t("reports.byProduct")}</h2>
        {products.length === 0 ? (
          <p className="muted">{t("reports.none")}</p>
        ) : (
          <>
            <HorizontalBarChart
              title={t("reports.byProductChart")}
              description={t("reports.rankingDesc", { count: products.length })}
              data={products.map((row) => ({ label: localized(row, "name", locale), value: row.net_fen }))}
              formatValue={fen}
            />
            <GroupTable rows={products} locale={locale} nameLabel={t("reports.product")} />
          </>
        )}
      </section>
    </section>
  );
}

function GroupTable({
  rows,
  locale,
  nameLabel,
}: {
  rows: { id: number | null; name_zh: string; name_en: string; orders: number; units: number; gross_fen: number; net_fen: number }[];
  locale: Locale;
  nameLabel: string;
}) {
  const { t } = useTranslation("staff");
  return (
    <ScrollBox>
      <table className="table staff-table staff-table--compact">
        <thead>
          <tr>
            <th scope="col">{nameLabel}</th>
            <th scope="col" className="num">{t("reports.orders")}</th>
            <th scope="col" className="num">{t("reports.units")}</th>
            <th scope="col" className="num">{t("reports.gross")}</th>
            <th scope="col" className="num">{t("reports.net")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.id ?? "none"}-${row.name_zh}`}>
              <th scope="row">{localized(row, "name", locale)}</th>
              <td className="num">{row.orders}</td>
              <td className="num">{row.units}</td>
              <td className="num">{fen(row.gross_fen)}</td>
              <td className="num">{fen(row.net_fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
