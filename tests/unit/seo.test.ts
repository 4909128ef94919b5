import { describe, expect, it } from "vitest";
import { stockState, type ProductDetail } from "~/models/catalogue.server";
import {
  absoluteUrl,
  breadcrumbJsonLd,
  canonicalUrl,
  errorMeta,
  productJsonLd,
  schemaAvailability,
  seoMeta,
  serializeJsonLd,
  summarize,
  yuanString,
} from "~/utils/seo";

const product: ProductDetail = {
  id: 1,
  slug: "fengjie-navel-orange",
  name: "奉节脐橙 </script><script>alert(1)</script>",
  description: "长江边向阳坡地上自然挂树成熟的脐橙。",
  county: "奉节县",
  temperature: "ambient",
  shelfLifeDays: 30,
  seasonMonths: [11, 12],
  updatedAt: "2026-11-29T00:00:00.000Z",
  category: { slug: "fruit", name: "水果" },
  cooperative: { slug: "fengjie-navel-orange", name: "奉节县夔州红脐橙种植专业合作社", county: "奉节县" },
  brand: { name: "夔州红", registrationNumber: "71234567", niceClass: 31, registrant: "合作社", registeredOn: "2018-12-21", expiresOn: "2028-12-20" },
  certificates: [
    {
      id: 1,
      type: "green_food",
      number: "LB-18-2501234567A",
      issuingBody: "中国绿色食品发展中心",
      scope: "",
      issuedOn: "2026-01-13",
      expiresOn: "2029-01-12",
      verifiedOn: "2026-01-17",
    },
  ],
  variants: [
    { id: 1, sku: "FJ-NAVEL-5KG", label: "5 公斤装", weightGrams: 5000, priceFen: 7990, available: 480, stock: "in_stock" },
    { id: 2, sku: "FJ-NAVEL-10KG", label: "10 公斤装", weightGrams: 10000, priceFen: 14900, available: 3, stock: "low_stock" },
    { id: 3, sku: "FJ-NAVEL-20KG", label: "20 公斤装", weightGrams: 20000, priceFen: 29000, available: 0, stock: "sold_out" },
  ],
  pictures: [{ kind: "illustration", src: "/images/produce/orange.svg", alt: "奉节脐橙" }],
  latestBatch: null,
};

const options = {
  url: "https://shop.example/products/fengjie-navel-orange",
  images: ["https://shop.example/images/produce/orange.svg"],
  selectedSku: "FJ-NAVEL-10KG",
  certificationName: (type: string) => (type === "green_food" ? "绿色食品" : type),
};

describe("stock rules", () => {
  it("say in stock above five, only N left from one to five, sold out at none", () => {
    expect(stockState(6)).toBe("in_stock");
    expect(stockState(5)).toBe("low_stock");
    expect(stockState(1)).toBe("low_stock");
    expect(stockState(0)).toBe("sold_out");
    expect(stockState(-2)).toBe("sold_out");
  });

  it("map onto schema.org availability", () => {
    expect(schemaAvailability("in_stock")).toBe("https://schema.org/InStock");
    expect(schemaAvailability("low_stock")).toBe("https://schema.org/LimitedAvailability");
    expect(schemaAvailability("sold_out")).toBe("https://schema.org/OutOfStock");
  });
});

describe("yuanString", () => {
  it("writes fen as a decimal yuan string", () => {
    expect(yuanString(7990)).toBe("79.90");
    expect(yuanString(5)).toBe("0.05");
    expect(yuanString(100)).toBe("1.00");
    expect(yuanString(123456789)).toBe("1234567.89");
    expect(() => yuanString(-1)).toThrow(RangeError);
    expect(() => yuanString(1.5)).toThrow(RangeError);
  });
});

describe("productJsonLd", () => {
  const data = productJsonLd(product, options);

  it("describes the product with its brand and the selected SKU", () => {
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: product.name,
      description: product.description,
      image: options.images,
      sku: "FJ-NAVEL-10KG",
      brand: { "@type": "Brand", name: "夔州红" },
    });
  });

  it("has one CNY offer per variant with the price in yuan and its availability", () => {
    expect(data.offers).toEqual([
      expect.objectContaining({ "@type": "Offer", sku: "FJ-NAVEL-5KG", price: "79.90", priceCurrency: "CNY", availability: "https://schema.org/InStock" }),
      expect.objectContaining({ sku: "FJ-NAVEL-10KG", price: "149.00", availability: "https://schema.org/LimitedAvailability" }),
      expect.objectContaining({ sku: "FJ-NAVEL-20KG", price: "290.00", availability: "https://schema.org/OutOfStock" }),
    ]);
  });

  it("lists exactly the certificates the page shows", () => {
    expect(data.hasCertification).toEqual([
      {
        "@type": "Certification",
        name: "绿色食品",
        identifier: "LB-18-2501234567A",
        certificationIdentification: "LB-18-2501234567A",
        issuedBy: { "@type": "Organization", name: "中国绿色食品发展中心" },
        validFrom: "2026-01-13",
        expires: "2029-01-12",
      },
    ]);
  });

  it("claims no brand or certificate the page does not show", () => {
    const bare = productJsonLd({ ...product, brand: null, certificates: [] }, options);
    expect(bare).not.toHaveProperty("brand");
    expect(bare).not.toHaveProperty("hasCertification");
  });

  it("falls back to the first variant when none is selected", () => {
    expect(productJsonLd(product, { ...options, selectedSku: null }).sku).toBe("FJ-NAVEL-5KG");
  });
});

describe("serializeJsonLd", () => {
  it("cannot be broken out of: <, > and & are escaped, and it still parses to the same value", () => {
    const data = productJsonLd(product, options);
    const text = serializeJsonLd(data);
    expect(text).not.toMatch(/[<>&]/);
    expect(text).not.toContain("</script");
    expect(JSON.parse(text)).toEqual(data);
  });

  it("escapes the line separators JavaScript parsers dislike", () => {
    const text = serializeJsonLd({ a: "x\u2028y\u2029z" });
    expect(text).toBe('{"a":"x\\u2028y\\u2029z"}');
  });
});

describe("URLs and meta", () => {
  it("builds canonical URLs without query or fragment", () => {
    expect(canonicalUrl("https://shop.example/", "/products/x?variant=A&lang=en#top")).toBe("https://shop.example/products/x");
    expect(canonicalUrl("https://shop.example", "/")).toBe("https://shop.example/");
    expect(absoluteUrl("https://shop.example", "/images/a.svg")).toBe("https://shop.example/images/a.svg");
    expect(absoluteUrl("https://shop.example", "https://cdn.example/a.webp")).toBe("https://cdn.example/a.webp");
  });

  it("summarizes long text on one line", () => {
    expect(summarize("a\n\nb   c")).toBe("a b c");
    const long = summarize("橙".repeat(500));
    expect([...long].length).toBe(160);
    expect(long.endsWith("…")).toBe(true);
  });

  it("writes title, description, canonical link and Open Graph tags", () => {
    const tags = seoMeta({
      title: "奉节脐橙",
      description: "好吃",
      canonical: "https://shop.example/products/x",
      image: "https://shop.example/images/produce/orange.svg",
      type: "product",
      locale: "zh",
      siteName: "山水集市",
    });
    expect(tags).toContainEqual({ title: "奉节脐橙" });
    expect(tags).toContainEqual({ name: "description", content: "好吃" });
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: "https://shop.example/products/x" });
    expect(tags).toContainEqual({ property: "og:type", content: "product" });
    expect(tags).toContainEqual({ property: "og:url", content: "https://shop.example/products/x" });
    expect(tags).toContainEqual({ property: "og:image", content: "https://shop.example/images/produce/orange.svg" });
    expect(tags).toContainEqual({ property: "og:locale", content: "zh_CN" });
    expect(tags.some((tag) => "name" in tag && tag.name === "robots")).toBe(false);
  });

  it("asks crawlers not to index pages for people", () => {
    const tags = seoMeta({ title: "t", description: "d", canonical: "c", type: "website", locale: "en", siteName: "s", noindex: true });
    expect(tags).toContainEqual({ name: "robots", content: "noindex, follow" });
    expect(tags).toContainEqual({ property: "og:locale", content: "en_US" });
  });

  it("builds a breadcrumb list from the trail the page shows", () => {
    expect(breadcrumbJsonLd([{ name: "首页", url: "https://s/" }, { name: "水果", url: "https://s/products?category=fruit" }])).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "首页", item: "https://s/" },
        { "@type": "ListItem", position: 2, name: "水果", item: "https://s/products?category=fruit" },
      ],
    });
  });
});

describe("errorMeta", () => {
  it("titles a failed page in the visitor's language and keeps it out of the index", () => {
    expect(errorMeta([{ id: "root", data: { locale: "en" } }])).toEqual([
      { title: "Page not found · Shanshui Market" },
      { name: "robots", content: "noindex" },
    ]);
    expect(errorMeta([{ id: "root", data: { locale: "zh" } }])[0]).toEqual({ title: "页面不存在 · 山水集市" });
    expect(errorMeta([])[0]).toEqual({ title: "页面不存在 · 山水集市" });
  });
});
