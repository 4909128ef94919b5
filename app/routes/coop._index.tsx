import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OrderStatusBadge, TrustBadge } from "~/components/coop/badges";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { SalesChart } from "~/components/coop/sales-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { coopDashboard } from "~/models/coop-dashboard.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coop");
  const dashboard = await coopDashboard(db(), { cooperativeId: cooperative.id });
  return json({ title: t("meta.dashboard"), ...dashboard }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopDashboard() {
  const { counts, lowStock, certifications, brands, recentOrders, sales } = useLoaderData<typeof loader>();
  const { t } = useTranslation("coop");
  const locale = useLocale();
  const attentionCount = certifications.length + brands.length;
  return (
    <div className="coop-page coop-page--wide">
      <h1>{t("dashboard.title")}</h1>

      <section aria-labelledby="quick-actions">
        <h2 id="quick-actions" className="visually-hidden">{t("dashboard.quickActions")}</h2>
        <div className="coop-actions">
          <Link to="/coop/products/new" className="button">＋ {t("dashboard.addProduct")}</Link>
          <Link to="/coop/batches" className="button button--ghost">{t("dashboard.recordBatch")}</Link>
          <Link to="/coop/certifications" className="button button--ghost">{t("dashboard.submitCertificate")}</Link>
        </div>
      </section>

      <section className="coop-stats" aria-label={t("meta.products")}>
        <Link to="/coop/products?status=active" className="card coop-stat" data-testid="count-active">
          <span className="coop-stat__value">{counts.active}</span>
          {t("dashboard.live")}
        </Link>
        <Link to="/coop/products?status=draft" className="card coop-stat" data-testid="count-draft">
          <span className="coop-stat__value">{counts.draft}</span>
          {t("dashboard.drafts")}
        </Link>
      </section>

      <section className="card" aria-labelledby="low-stock">
        <h2 id="low-stock">{t("dashboard.lowStock")}</h2>
        <p className="muted">{t("dashboard.lowStockIntro")}</p>
        {lowStock.length === 0 ? (
          <p>{t("dashboard.lowStockNone")}</p>
        ) : (
          <ul className="coop-list" data-testid="low-stock">
            {lowStock.map((variant) => (
              <li key={variant.id} className="coop-item coop-item--plain">
                <p className="coop-item__title">
                  {localized(variant, "name", locale)} · {localized(variant, "label", locale)}
                  <span className={variant.available <= 0 ? "badge badge--danger" : "badge badge--warn"}>
                    {t("dashboard.left", { count: Math.max(0, variant.available) })}
                  </span>
                </p>
                <p className="coop-item__meta">{variant.sku}</p>
                <Link to={`/coop/products/${variant.product_id}/variants#variant-${variant.id}`}>{t("dashboard.restock")} →</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="attention">
        <h2 id="attention">{t("dashboard.attention")}</h2>
        <p className="muted">{t("dashboard.attentionIntro")}</p>
        {attentionCount === 0 ? (
          <p>{t("dashboard.attentionNone")}</p>
        ) : (
          <ul className="coop-list" data-testid="attention">
            {certifications.map((c) => (
              <li key={`c${c.id}`} className="coop-item coop-item--plain">
                <p className="coop-item__title">
                  {t("dashboard.certificate", { type: t(`certificationTypes.${c.type}`) })} {c.number} <TrustBadge state={c.state} />
                </p>
                <p className="coop-item__meta">
                  {c.state === "expired" ? t("dashboard.expired", { date: c.expires_on }) : t("dashboard.expires", { date: c.expires_on })}
                </p>
                {c.state === "rejected" && c.review_note ? (
                  <p className="coop-note">
                    {t("dashboard.reason")}: {c.review_note}
                  </p>
                ) : null}
                {c.state === "rejected" ? (
                  <Link to={`/coop/certifications?edit=${c.id}#certification-form`}>{t("dashboard.fix")} →</Link>
                ) : c.renewed_by_id ? (
                  <span className="badge badge--muted">{t("dashboard.renewalSent")}</span>
                ) : c.state === "verified" || c.state === "expired" ? (
                  <Link to={`/coop/certifications?renew=${c.id}#certification-form`}>{t("dashboard.renew")} →</Link>
                ) : null}
              </li>
            ))}
            {brands.map((b) => (
              <li key={`b${b.id}`} className="coop-item coop-item--plain">
                <p className="coop-item__title">
                  {t("dashboard.brand")} {b.name} ({b.registration_number}) <TrustBadge state={b.state} />
                </p>
                <p className="coop-item__meta">
                  {b.state === "expired" ? t("dashboard.expired", { date: b.expires_on }) : t("dashboard.expires", { date: b.expires_on })}
                </p>
                {b.state === "rejected" && b.review_note ? (
                  <p className="coop-note">
                    {t("dashboard.reason")}: {b.review_note}
                  </p>
                ) : null}
                {b.state === "rejected" ? <Link to={`/coop/brands?edit=${b.id}#brand-form`}>{t("dashboard.fix")} →</Link> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="sales">
        <h2 id="sales">{t("dashboard.sales")}</h2>
        <SalesChart points={sales} />
      </section>

      <section className="card" aria-labelledby="recent-orders">
        <h2 id="recent-orders">{t("dashboard.recentOrders")}</h2>
        {recentOrders.length === 0 ? (
          <p>{t("dashboard.noOrders")}</p>
        ) : (
          <ul className="coop-list" data-testid="recent-orders">
            {recentOrders.map((order) => (
              <li key={order.id} className="coop-item coop-item--plain">
                <p className="coop-item__title">
                  {t("orders.number", { number: order.number })} <OrderStatusBadge status={order.status} />
                </p>
                <p className="coop-item__meta">
                  {formatChinaDateTime(order.placed_at)} · {t("orders.shipsTo")} {order.ship_province} {order.ship_city}
                </p>
                <ul>
                  {order.lines.map((line) => (
                    <li key={line.id}>
                      {localized(line, "product_name", locale)} · {localized(line, "variant_label", locale)} × {line.quantity} ({formatFen(line.line_total_fen)})
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/coop/orders">{t("dashboard.allOrders")} →</Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
