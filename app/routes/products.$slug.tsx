import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CoopShare } from "~/components/product/coop-share";
import { productCoopShare } from "~/models/impact.server";
import { Breadcrumbs } from "~/components/catalogue/breadcrumbs";
import { CertBadges } from "~/components/catalogue/cert-badges";
import { JsonLd } from "~/components/catalogue/json-ld";
import { ReviewsSection } from "~/components/product/reviews-section";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EnhanceScript } from "~/components/catalogue/enhance-script";
import { BuyBar, QuantityField } from "~/components/product/add-to-cart";
import { DeliveryPanel } from "~/components/product/delivery-panel";
import { BrandPanel } from "~/components/product/brand-panel";
import { CertificateList } from "~/components/product/certificate-list";
import { ProductGallery } from "~/components/product/gallery";
import { StockLabel } from "~/components/product/stock-label";
import { VariantPicker } from "~/components/product/variant-picker";
import { getDefaultAddress } from "~/models/address.server";
import { latestOrderRegionCode } from "~/models/order/history.server";
import { getProductDetail, type ProductDetail } from "~/models/catalogue.server";
import { productSalesCount } from "~/models/catalogue/sales.server";
import { getOptionalUser } from "~/services/auth.server";
import { shippingConfig } from "~/services/checkout.server";
import { useRootData } from "~/root";
import catalogueStyles from "~/styles/catalogue.css";
import { skuSchema, slugParamsSchema } from "~/utils/catalogue-params.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { publicPageCache } from "~/services/page-cache.server";
import { productReviewsSection } from "~/services/product-reviews.server";
import { enhanceScriptSrc } from "~/utils/enhance-script.server";
import { isPersonalRequest, publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { illustrationUrl, imageUrl } from "~/utils/images";
import type { Locale } from "~/i18n";
import { CART_LIMIT_AMOUNTS } from "~/utils/cart-limits";
import { formatFen } from "~/utils/money";
import { formatSalesCount, shippingOffer, unitPrices } from "~/utils/product-facts";
import { listProvinces } from "~/utils/regions.server";
import { notFound } from "~/utils/responses.server";
import { knownProvince, readShipProvince, serializeShipProvince } from "~/utils/ship-province-cookie.server";
import { absoluteUrl, breadcrumbJsonLd, canonicalUrl, productJsonLd, errorMeta, seoMeta, serializeJsonLd, summarize } from "~/utils/seo";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: catalogueStyles }];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;


function pathWithout(url: URL, param: string): string {
  const search = new URLSearchParams(url.search);
  search.delete(param);
  const rest = search.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}

/** The size asked for in the URL, else the first one in stock, else the first. */
function selectVariant(product: ProductDetail, requested: string | null) {
  const sku = skuSchema.safeParse(requested);
  return (
    (sku.success ? product.variants.find((v) => v.sku === sku.data) : undefined) ??
    product.variants.find((v) => v.stock !== "sold_out") ??
    product.variants[0] ??
    null
  );
}


/** Chongqing, where every order leaves from: the fee shown until the shopper names a province. */
const HOME_PROVINCE = "500000";

/** Refusals `?buy=<code>` (from /cart/buy-now) may name; anything else is ignored. */
const BUY_REFUSALS = new Set(["quantity", "variant", "unavailable", "too_many", "insufficient_stock", "insufficient_stock_none", "line_too_large", "order_too_large", "intent"]);

const provinceOfRegion = (regionCode: string | null | undefined) => (regionCode ? knownProvince(`${regionCode.slice(0, 2)}0000`) : null);

/**
 * The province the shipping fee is shown for: the one chosen on the page (?province=, which
 * the page then remembers in a cookie for the next product), else the remembered one, else,
 * for a signed-in shopper, the province of their latest order, else of their default address,
 * else Chongqing. `remember` says the choice is new to the cookie.
 */
async function shippingProvince(request: Request, url: URL): Promise<{ code: string; remember: boolean }> {
  const remembered = await readShipProvince(request);
  const chosen = knownProvince(url.searchParams.get("province"));
  if (chosen) return { code: chosen, remember: chosen !== remembered };
  if (remembered) return { code: remembered, remember: false };
  const user = isPersonalRequest(request) ? await getOptionalUser(request) : null;
  if (user) {
    const [lastShippedTo, address] = await Promise.all([
      latestOrderRegionCode(db(), { userId: user.id }),
      getDefaultAddress(db(), { userId: user.id }),
    ]);
    const known = provinceOfRegion(lastShippedTo) ?? provinceOfRegion(address?.regionCode);
    if (known) return { code: known, remember: false };
  }
  return { code: HOME_PROVINCE, remember: false };
}

function dayLabel(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The province is part of a personal page's tag: a remembered one is in no URL.
  const shipTo = await shippingProvince(request, url);
  // A visitor who already has this page gets a 304 before any catalogue query.
  const cache = await publicPageCache(request, db(), { visitorFacts: shipTo.code });
  if (cache.notModified) return cache.notModified;
  if (shipTo.remember) cache.headers.append("Set-Cookie", await serializeShipProvince(shipTo.code));
  const province = shipTo.code;
  const parsed = slugParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const locale = await getLocale(request);
  // Certificates are judged against today's China date on every request, never a cached one.
  const product = await getProductDetail(db(), { slug: parsed.data.slug, locale, today: chinaToday() });
  if (!product) throw notFound();

  const selected = selectVariant(product, url.searchParams.get("variant"));
  const { publicUrl } = getEnv();
  const today = chinaToday();
  const [t, common, cartT, sold, reviews, coopShare] = await Promise.all([
    getFixedT(locale, "catalogue"),
    getFixedT(locale, "common"),
    getFixedT(locale, "cart"),
    productSalesCount(db(), { productId: product.id }),
    productReviewsSection(request, product),
    selected ? productCoopShare(db(), { productId: product.id, priceFen: selected.priceFen, today }) : null,
  ]);
  const config = shippingConfig();
  const provinces = listProvinces();
  const provinceName = provinces.find((p) => p.code === province)?.name ?? province;
  const salesCount = formatSalesCount(sold, locale);
  // Per size, the text of every `data-v` element on the page, so the catalogue script can switch
  // sizes in place; the server renders the chosen one's the same way.
  const variantFacts = product.variants.map((variant) => {
    const unit = unitPrices(variant);
    const offer = shippingOffer({ ...variant, temperature: product.temperature, regionCode: province, today, config });
    const shipping = !offer.available
      ? t("buy.unreachable", { province: provinceName })
      : offer.free
        ? t("buy.shippingFree")
        : [
            t("buy.shippingFee", { fee: formatFen(offer.fen) }),
            offer.method === "standard" && config.freeStandardFromFen !== null ? t("buy.freeFrom", { amount: formatFen(config.freeStandardFromFen) }) : null,
          ].filter(Boolean).join(" · ");
    return {
      id: variant.id,
      sku: variant.sku,
      soldOut: variant.stock === "sold_out",
      max: variant.available,
      text: {
        price: formatFen(variant.priceFen),
        label: variant.label,
        unit: unit ? t("buy.unitPrice", { perJin: formatFen(unit.perJinFen), perKg: formatFen(unit.perKgFen) }) : "",
        hint: variant.stock === "sold_out" ? t("product.soldOutNote") : t("product.quantityHint", { max: variant.available }),
        shipping,
        delivery: !offer.available
          ? ""
          : offer.window.from === offer.window.to
            ? t("buy.deliveryOn", { day: dayLabel(offer.window.from, locale) })
            : t("buy.delivery", { from: dayLabel(offer.window.from, locale), to: dayLabel(offer.window.to, locale) }),
      },
    };
  });
  const chosenFacts = variantFacts.find((facts) => facts.sku === selected?.sku) ?? null;
  const buyRefusal = url.searchParams.get("buy");
  const canonical = canonicalUrl(publicUrl, `/products/${product.slug}`);
  const images = product.pictures.map((picture) =>
    absoluteUrl(publicUrl, picture.kind === "photo" ? imageUrl(picture.storageKey, 1024) : picture.src),
  );
  const trail = [
    { name: t("product.home"), to: "/" },
    { name: product.category.name, to: `/products?category=${product.category.slug}` },
    { name: product.name },
  ];
  return json({
    product,
    reviews,
    selectedSku: selected?.sku ?? null,
    coopShare,
    redirectTo: pathWithout(new URL(pathWithout(url, "added"), url), "buy"),
    enhanceScript: enhanceScriptSrc(),
    sold: salesCount ? t("buy.sold", { amount: salesCount }) : null,
    variantFacts,
    unitPrice: chosenFacts?.text.unit ?? "",
    delivery: {
      province,
      provinces,
      shipping: chosenFacts?.text.shipping ?? "",
      delivery: chosenFacts?.text.delivery ?? "",
      coldChain: product.temperature === "ambient" ? null : t("buy.coldChain", { temperature: t(`temperatures.${product.temperature}`) }),
    },
    // The refusal names no amounts; the stock left is the chosen size's, read just now.
    buyError: buyRefusal && BUY_REFUSALS.has(buyRefusal) ? cartT(`errors.${buyRefusal}`, { available: selected?.available ?? 0, ...CART_LIMIT_AMOUNTS }) : null,
    // Set by the /cart action's redirect after an addition posted without scripts.
    justAdded: url.searchParams.get("added") === "1",
    trail,
    productJsonLd: productJsonLd(product, {
      url: canonical,
      images,
      selectedSku: selected?.sku ?? null,
      certificationName: (type) => t(`certTypes.${type}`),
      reviews: { summary: reviews.summary, shown: reviews.reviews },
    }),
    breadcrumbJsonLd: breadcrumbJsonLd(
      trail.map((crumb) => ({ name: crumb.name, url: crumb.to ? absoluteUrl(publicUrl, crumb.to) : canonical })),
    ),
    seo: {
      title: t("meta.productTitle", { name: product.name, cooperative: product.cooperative.name }),
      description: summarize(product.description),
      canonical,
      image: images[0] ?? absoluteUrl(publicUrl, illustrationUrl("produce")),
      type: "product" as const,
      locale,
      siteName: common("brand.name"),
    },
  }, { headers: cache.headers });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalogue");
  const { product } = data;
  // A shared link that still carries ?added=1 confirms nothing to a visitor with an empty cart.
  const justAdded = data.justAdded && (useRootData()?.cartCount ?? 0) > 0;
  const selected = product.variants.find((v) => v.sku === data.selectedSku) ?? null;
  const badgeTypes = [...new Set(product.certificates.map((c) => c.type))];
  const notice = data.buyError
    ? { kind: "error" as const, text: data.buyError }
    : justAdded
      ? { kind: "added" as const, text: t("product.added") }
      : null;
  return (
    <>
      <Breadcrumbs trail={data.trail} label={t("product.breadcrumbs")} />
      <article className="product" data-testid="product" data-slug={product.slug}>
        <div className="product__top">
          <ProductGallery pictures={product.pictures} name={product.name} />
          <div className="product__buy">
            <p className="product__eyebrow">
              <span>{product.county}</span>
              <span aria-hidden="true"> · </span>
              <Link to={`/cooperatives/${product.cooperative.slug}`}>{product.cooperative.name}</Link>
            </p>
            <h1 className="product__name">{product.name}</h1>
            {selected ? (
              <div className="product__price-block">
                <p className="product__price" data-testid="selected-price">
                  <span className="price" data-v="price">{formatFen(selected.priceFen)}</span>
                  <span className="product__price-label" data-v="label">{selected.label}</span>
                  <StockLabel variant={selected} />
                </p>
                <p className="product__unit-price" data-v="unit" data-testid="unit-price" hidden={!data.unitPrice}>
                  {data.unitPrice}
                </p>
                {data.sold ? <p className="product__sold" data-testid="sales-count">{data.sold}</p> : null}
              </div>
            ) : null}
            <CertBadges types={badgeTypes} />
            <CoopShare share={data.coopShare} />
            {product.variants.length > 0 ? <VariantPicker variants={product.variants} selectedSku={data.selectedSku} /> : null}
            <QuantityField variant={selected} />
            <BuyBar variant={selected} redirectTo={data.redirectTo} notice={notice} />
            <DeliveryPanel facts={data.delivery} sku={data.selectedSku} />
            <dl className="facts facts--inline product__facts">
              <div>
                <dt>{t("product.origin")}</dt>
                <dd>{product.county}</dd>
              </div>
              <div>
                <dt>{t("product.shelfLifeLabel")}</dt>
                <dd>{t("product.shelfLife", { count: product.shelfLifeDays })}</dd>
              </div>
              <div>
                <dt>{t("product.temperature")}</dt>
                <dd>{t(`temperatures.${product.temperature}`)}</dd>
              </div>
              {product.seasonMonths.length > 0 ? (
                <div>
                  <dt>{t("product.season")}</dt>
                  <dd>{t("product.seasonMonths", { months: product.seasonMonths.join(t("search.listSeparator")) })}</dd>
                </div>
              ) : null}
            </dl>
          </div>
        </div>

        <div className="product__sections">
          <section className="product__section" aria-labelledby="description-title">
            <h2 id="description-title">{t("product.description")}</h2>
            {product.description.split(/\n\s*\n/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </section>
          <ReviewsSection data={data.reviews} />

          <section className="product__section trust" aria-labelledby="trust-title">
            <h2 id="trust-title">{t("product.certificatesTitle")}</h2>
            <p className="muted">{t("product.certificatesLead")}</p>
            <CertificateList certificates={product.certificates} />
            <h3>{t("product.brandTitle")}</h3>
            <BrandPanel brand={product.brand} />
          </section>

          <section className="product__section" aria-labelledby="batch-title">
            <h2 id="batch-title">{t("product.batchTitle")}</h2>
            {product.latestBatch ? (
              <div className="batch-panel">
                <dl className="facts">
                  <div>
                    <dt>{t("product.batchCode")}</dt>
                    <dd>
                      <code>{product.latestBatch.code}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t("product.harvestedOn")}</dt>
                    <dd>
                      <time dateTime={product.latestBatch.harvestedOn}>{product.latestBatch.harvestedOn}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{t("product.bestBefore")}</dt>
                    <dd>
                      <time dateTime={product.latestBatch.bestBefore}>{product.latestBatch.bestBefore}</time>
                    </dd>
                  </div>
                </dl>
                <Link to={`/trace/${product.latestBatch.code}`} className="button button--ghost">
                  {t("product.traceLink")} <span aria-hidden="true">→</span>
                </Link>
              </div>
            ) : (
              <p className="muted">{t("product.noBatch")}</p>
            )}
          </section>

          <section className="product__section" aria-labelledby="cooperative-title">
            <h2 id="cooperative-title">{t("product.cooperativeTitle")}</h2>
            <p className="product__cooperative">
              <strong>{product.cooperative.name}</strong>
              <span className="muted"> · {product.cooperative.county}</span>
            </p>
            <Link to={`/cooperatives/${product.cooperative.slug}`}>
              {t("product.cooperativeLink", { name: product.cooperative.name })} <span aria-hidden="true">→</span>
            </Link>
          </section>
        </div>
      </article>
      <JsonLd data={data.productJsonLd} />
      <JsonLd data={data.breadcrumbJsonLd} />
      {/* Read by the catalogue script (not run): what each size changes on the page. */}
      <script type="application/json" id="variant-facts" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data.variantFacts) }} />
      <EnhanceScript src={data.enhanceScript} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
