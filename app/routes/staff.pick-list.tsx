import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized, type Locale } from "~/i18n";
import { buildPickList } from "~/services/fulfilment.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const today = chinaToday();
  const groups = await buildPickList(db(), { today });
  const t = await getFixedT(await getLocale(request), "staff");
  return json({ groups, today, title: t("pickList.title") }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Pick list" }];

export default function PickList() {
  const { groups, today } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const orders = new Set(groups.flatMap((group) => group.orders.map((order) => order.number)));
  const units = groups.reduce((sum, group) => sum + group.units, 0);
  return (
    <section className="staff-page" aria-labelledby="pick-title">
      <h1 id="pick-title">{t("pickList.title")}</h1>
      <p className="muted">{t("pickList.summary", { units, orders: orders.size, date: today })}</p>
      <p className="muted staff-small">{t("pickList.rule")}</p>
      {groups.length === 0 ? (
        <p className="notice">{t("pickList.empty")}</p>
      ) : (
        <ScrollBox>
          <table className="table staff-table" data-testid="pick-list">
            <thead>
              <tr>
                <th scope="col">{t("order.product")}</th>
                <th scope="col">{t("order.sku")}</th>
                <th scope="col">{t("order.batch")}</th>
                <th scope="col" className="num">{t("pickList.units")}</th>
                <th scope="col">{t("pickList.orders")}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.key}>
                  <td>
                    {localized(group, "product_name", locale)}
                    <br />
                    <span className="muted staff-small">{localized(group, "variant_label", locale)} · {t(`temperature.${group.temperature_class}`)}</span>
                  </td>
                  <td><code>{group.sku}</code></td>
                  <td>
                    {group.batch_code ? (
                      <>
                        <code>{group.batch_code}</code>
                        <br />
                        <span className="muted staff-small">{t("order.bestBefore", { date: group.batch_best_before })}</span>
                        {group.batch_proposed ? <> <span className="badge badge--muted">{t("pickList.proposed")}</span></> : null}
                      </>
                    ) : (
                      <span className="badge badge--warn">{t("pickList.noBatch")}</span>
                    )}
                  </td>
                  <td className="num"><strong>{group.units}</strong></td>
                  <td>
                    <ul className="staff-inline-list">
                      {group.orders.map((order) => (
                        <li key={order.number}>
                          <Link to={`/staff/orders/${encodeURIComponent(order.number)}`}>{order.number}</Link> ×{order.units}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
