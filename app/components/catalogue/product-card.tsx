import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ProductCard as Card } from "~/types/catalogue";
import { formatFen } from "~/utils/money";
import { CertBadges } from "~/components/catalogue/cert-badges";
import { ProductPicture } from "~/components/catalogue/product-picture";

const CARD_SIZES = "(min-width: 1200px) 280px, (min-width: 760px) 30vw, 50vw";

export function ProductCard({ product, priority = false }: { product: Card; priority?: boolean }) {
  const { t } = useTranslation("catalogue");
  return (
    <article className="product-card" data-testid="product-card" data-slug={product.slug}>
      <Link to={`/products/${product.slug}`} className="product-card__link" prefetch="intent">
        <div className="product-card__picture">
          <ProductPicture picture={product.picture} sizes={CARD_SIZES} priority={priority} />
          {product.soldOut ? <span className="product-card__flag">{t("card.soldOut")}</span> : null}
        </div>
        <div className="product-card__body">
          <h3 className="product-card__name">{product.name}</h3>
          <p className="product-card__county">{product.county}</p>
          <p className="product-card__price">
            <PriceFrom fen={product.priceFromFen} />
          </p>
          <CertBadges types={product.badges} />
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({ products, label, priorityCount = 0 }: { products: readonly Card[]; label?: string; priorityCount?: number }) {
  return (
    <ul className="product-grid" aria-label={label}>
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} priority={index < priorityCount} />
        </li>
      ))}
    </ul>
  );
}

const PRICE_SLOT = "\u0000";

/**
 * "¥79.90 起" / "from ¥79.90", with the amount styled as a price. The sentence is split
 * around the amount: a page of cards rendered with <Trans> spent a tenth of its time parsing it.
 */
export function PriceFrom({ fen }: { fen: number }) {
  const { t } = useTranslation("catalogue");
  const [before = "", after = ""] = t("card.from", { price: PRICE_SLOT }).split(PRICE_SLOT);
  return (
    <>
      {before}
      <span className="price">{formatFen(fen)}</span>
      {after}
    </>
  );
}
