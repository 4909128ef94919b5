import { Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ProductStatus } from "~db/schema";
import { ProductStatusBadge } from "~/components/coop/badges";

/** The heading and section tabs shared by every page of one product. */
export function ProductHeader({ product }: { product: { id: number; slug: string; name: string; status: ProductStatus } }) {
  const { t } = useTranslation("coop");
  const base = `/coop/products/${product.id}`;
  return (
    <header className="coop-product-header">
      <p className="coop-back">
        <Link to="/coop/products">← {t("productNav.allProducts")}</Link>
      </p>
      <h1>
        {product.name} <ProductStatusBadge status={product.status} />
      </h1>
      <nav className="coop-tabs" aria-label={t("productNav.label")}>
        <NavLink to={base} end>{t("productNav.details")}</NavLink>
        <NavLink to={`${base}/variants`}>{t("productNav.variants")}</NavLink>
        <NavLink to={`${base}/images`}>{t("productNav.images")}</NavLink>
        <NavLink to={`${base}/certificates`}>{t("productNav.certificates")}</NavLink>
      </nav>
      {product.status === "active" ? (
        <p className="coop-shop-link">
          <Link to={`/products/${product.slug}`}>{t("productNav.viewInShop")} →</Link>
        </p>
      ) : null}
    </header>
  );
}
