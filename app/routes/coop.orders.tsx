import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OrderStatusBadge } from "~/components/coop/badges";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { listCooperativeOrders } from "~/models/coop-dashboard.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { ScrollBox } from "~/components/scroll-box";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const FILTERS = ["paid", "fulfilling", "partially_shipped", "shipped", "delivered", "cancelled"] as const;
const searchSchema = z.object({
  status: z.enum(FILTERS).optional().catch(undefined),
  before: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const { status, before } = searchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "coop");
  const page = await listCooperativeOrders(db(), { cooperativeId: cooperative.id, status, before });
  return json({ title: t("meta.orders"), status: status ?? null, ...page }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopOrders() {
  const { orders, status, nextBefore } = useLoaderData<typeof loader>();
  const { t } = useTranslation("coop");
  const locale = useLocale();
  const filterLink = (value: string | null) => (value ? `/coop/orders?status=${value}` : "/coop/orders");
  return (
    <div className="coop-page">
      <h1>{t("orders.title")}</h1>
      <p className="muted">{t("orders.intro")}</p>
      <nav aria-label={t("orders.filter")}>
        <ul className="coop-filter">
          {[null, ...FILTERS].map((value) => (
            <li key={value ?? "all"}>
              <Link to={filterLink(value)} aria-current={status === value ? "page" : undefined}>
                {value ? t(`status.order.${value}`) : t("orders.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {orders.length === 0 ? (
        <p>{t("orders.none")}</p>
      ) : (
        <ul className="coop-list" data-testid="orders">
          {orders.map((order) => (
            <li key={order.id} className="card" data-testid="order">
              <div className="coop-order__head">
                <h2 className="coop-item__title">{t("orders.number", { number: order.number })}</h2>
                <OrderStatusBadge status={order.status} />
              </div>
              <dl className="coop-kv">
                <dt>{t("orders.placed")}</dt>
                <dd>{formatChinaDateTime(order.placed_at)}</dd>
                <dt>{t("orders.shipsTo")}</dt>
                <dd data-testid="ships-to">
                  {order.ship_province} {order.ship_city}
                </dd>
              </dl>
              <ScrollBox>
                <table className="table coop-order__lines">
                  <thead>
                    <tr>
                      <th scope="col">{t("orders.product")}</th>
                      <th scope="col">{t("orders.quantity")}</th>
                      <th scope="col">{t("orders.shipped")}</th>
                      <th scope="col">{t("orders.lineTotal")}</th>
                      <th scope="col">{t("orders.batch")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {order.lines.map((line) => (
                      <tr key={line.id}>
                        <td>
                          {localized(line, "product_name", locale)} · {localized(line, "variant_label", locale)}
                          <br />
                          <span className="muted">{line.sku}</span>
                        </td>
                        <td>{line.quantity}</td>
                        <td>{line.quantity_shipped}</td>
                        <td>{formatFen(line.line_total_fen)}</td>
                        <td>{line.batch_code ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
              <p className="coop-item__meta">{t("orders.yourTotal", { amount: formatFen(order.total_fen) })}</p>
            </li>
          ))}
        </ul>
      )}
      {nextBefore ? (
        <p>
          <Link to={`/coop/orders?${new URLSearchParams({ ...(status ? { status } : {}), before: String(nextBefore) })}`} className="button button--ghost">
            {t("orders.older")} →
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
