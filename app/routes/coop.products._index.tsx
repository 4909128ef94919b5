import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ProductStatusBadge } from "~/components/coop/badges";
import { SuccessNotice } from "~/components/coop/notices";
import { useLocale } from "~/components/coop/locale";
import { PRODUCT_STATUSES } from "~/schemas/coop";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import { listCooperativeProducts } from "~/models/product.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { illustrationUrl, imageUrl } from "~/utils/images";
import { formatFen } from "~/utils/money";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const searchSchema = z.object({ status: z.enum(PRODUCT_STATUSES).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const { status } = searchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const t = await getFixedT(await getLocale(request), "coop");
  const products = await listCooperativeProducts(db(), { cooperativeId: cooperative.id, status });
  return json({ title: t("meta.products"), status: status ?? null, products }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CoopProducts() {
  const { status, products } = useLoaderData<typeof loader>();
  const { t } = useTranslation("coop");
  const locale = useLocale();
  const filters: { value: string | null; label: string }[] = [
    { value: null, label: t("products.all") },
    ...PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`status.product.${s}`) })),
  ];
  return (
    <div className="coop-page">
      <SuccessNotice />
      <div className="coop-page-header">
        <h1>{t("products.title")}</h1>
        <Link to="/coop/products/new" className="button">＋ {t("products.add")}</Link>
      </div>
      <nav aria-label={t("products.filter")}>
        <ul className="coop-filter">
          {filters.map((filter) => (
            <li key={filter.value ?? "all"}>
              <Link to={filter.value ? `/coop/products?status=${filter.value}` : "/coop/products"} aria-current={status === filter.value ? "page" : undefined}>
                {filter.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {products.length === 0 ? (
        <p>{t("products.empty")}</p>
      ) : (
        <ul className="coop-list" data-testid="product-list">
          {products.map((product) => {
            const name = localized(product, "name", locale);
            return (
              <li key={product.id} className="card coop-item">
                <img
                  className="coop-item__thumb"
                  src={product.image_key ? imageUrl(product.image_key, 320) : illustrationUrl(product.illustration)}
                  alt=""
                  width={88}
                  height={66}
                  loading="lazy"
                />
                <div>
                  <p className="coop-item__title">
                    <Link to={`/coop/products/${product.id}`}>{name}</Link> <ProductStatusBadge status={product.status} />
                  </p>
                  <p className="coop-item__meta">
                    {product.price_from_fen !== null ? t("products.priceFrom", { price: formatFen(product.price_from_fen) }) : t("products.noPrice")}
                    {" · "}
                    {t("products.sizes", { count: Number(product.variant_count ?? 0) })}
                    {" · "}
                    {t("products.available", { count: Number(product.available ?? 0) })}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to="/coop/import">{t("products.import")} →</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
