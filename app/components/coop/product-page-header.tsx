import type { ProductStatus } from "~db/schema";
import { useLocale } from "~/components/coop/locale";
import { SuccessNotice } from "~/components/coop/notices";
import { ProductHeader } from "~/components/coop/product-nav";
import { localized } from "~/i18n";

/** The top of every page about one product: the notice of the last save, the product and its tabs, the page title. */
export function ProductPageHeader({
  product,
  title,
  intro,
}: {
  product: { id: number; slug: string; status: ProductStatus; name_zh: string; name_en: string };
  title: string;
  intro?: string;
}) {
  const locale = useLocale();
  return (
    <>
      <SuccessNotice />
      <ProductHeader product={{ id: product.id, slug: product.slug, status: product.status, name: localized(product, "name", locale) }} />
      <h2>{title}</h2>
      {intro !== undefined ? <p className="muted">{intro}</p> : null}
    </>
  );
}
