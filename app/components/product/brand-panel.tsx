import { useTranslation } from "react-i18next";
import type { BrandView } from "~/types/catalogue";

/** The registered trademark, with the numbers a shopper can look up at CNIPA. */
export function BrandPanel({ brand }: { brand: BrandView | null }) {
  const { t } = useTranslation("catalogue");
  if (!brand) return <p className="muted">{t("product.noBrand")}</p>;
  return (
    <div className="brand-panel" data-testid="brand">
      <p className="brand-panel__name">
        {brand.name}
        <span className="brand-panel__mark" aria-hidden="true">®</span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t("product.registrationNumber")}</dt>
          <dd className="brand-panel__number">{brand.registrationNumber}</dd>
        </div>
        <div>
          <dt>{t("product.niceClass")}</dt>
          <dd>{t("product.niceClassValue", { class: brand.niceClass })}</dd>
        </div>
        <div>
          <dt>{t("product.registrant")}</dt>
          <dd>{brand.registrant}</dd>
        </div>
        <div>
          <dt>{t("product.brandValidUntil")}</dt>
          <dd>
            <time dateTime={brand.expiresOn}>{brand.expiresOn}</time>
          </dd>
        </div>
      </dl>
    </div>
  );
}
