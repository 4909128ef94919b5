import i18next from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { createBrand, createProduct } from "~/seed/factories.server";
import { DEMO } from "~db/seed-data/fixtures";
import { SalesChart } from "~/components/coop/sales-chart";
import { i18nOptions } from "~/i18n";
import { resources } from "~/locales";
import { loader as dashboardLoader } from "~/routes/coop._index";
import { loader as ordersLoader } from "~/routes/coop.orders";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { body, FENGJIE, fengjieId, insertOrder, load, WUSHAN, wushanId } from "./coop-support";

interface OrdersPage {
  orders: { id: number; number: string; status: string; ship_province: string; ship_city: string; lines: { sku: string; quantity: number; line_total_fen: number }[] }[];
  nextBefore: number | null;
}

let fengjieVariant: { id: number; sku: string; price_fen: number };
let wushanVariant: { id: number; sku: string; price_fen: number };
let mixed: { id: number; number: string };

beforeAll(async () => {
  const variantOf = (slug: string) =>
    db()
      .selectFrom("variants as v")
      .innerJoin("products as p", "p.id", "v.product_id")
      .where("p.slug", "=", slug)
      .select(["v.id", "v.sku", "v.price_fen"])
      .orderBy("v.position")
      .executeTakeFirstOrThrow();
  fengjieVariant = await variantOf(DEMO.navelOrange.slug);
  wushanVariant = await variantOf("wushan-crisp-plum");
  mixed = await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 2 }, { variantId: wushanVariant.id, quantity: 3 }], status: "paid" });
});

describe("the cooperative's orders", () => {
  it("shows an order with only this cooperative's lines and only the province and city it ships to", async () => {
    const response = await load(ordersLoader, "/coop/orders", FENGJIE);
    const raw = await response.clone().text();
    const page = await body<OrdersPage>(response);
    const order = page.orders.find((o) => o.id === mixed.id)!;
    expect(order).toMatchObject({ number: mixed.number, status: "paid", ship_province: "广东省", ship_city: "深圳市" });
    expect(order.lines).toEqual([expect.objectContaining({ sku: fengjieVariant.sku, quantity: 2, line_total_fen: fengjieVariant.price_fen * 2 })]);
    // Never the other cooperative's line, nor the shopper's street, phone, name or e-mail.
    for (const secret of [wushanVariant.sku, "科技园南路", "13800138000", "李秀英", "@example.test", "南山区", "access_token"]) {
      expect(raw, secret).not.toContain(secret);
    }

    const theirs = await body<OrdersPage>(await load(ordersLoader, "/coop/orders", WUSHAN));
    expect(theirs.orders.find((o) => o.id === mixed.id)!.lines.map((l) => l.sku)).toEqual([wushanVariant.sku]);
  });

  it("leaves out orders waiting for payment and those without this cooperative's lines, and filters by status", async () => {
    const unpaid = await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 1 }], status: "pending_payment" });
    const wushanOnly = await insertOrder({ lines: [{ variantId: wushanVariant.id, quantity: 1 }] });
    const shipped = await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 1 }], status: "shipped" });
    await db().updateTable("order_items").set({ quantity_shipped: 1 }).where("order_id", "=", shipped.id).execute();

    const page = await body<OrdersPage>(await load(ordersLoader, "/coop/orders", FENGJIE));
    const ids = page.orders.map((o) => o.id);
    expect(ids).toContain(shipped.id);
    expect(ids).not.toContain(unpaid.id);
    expect(ids).not.toContain(wushanOnly.id);

    const filtered = await body<OrdersPage>(await load(ordersLoader, "/coop/orders?status=shipped", FENGJIE));
    expect(filtered.orders.map((o) => o.id)).toEqual([shipped.id]);
    expect(filtered.orders[0]!.lines[0]).toMatchObject({ quantity: 1, quantity_shipped: 1 });
    // An unknown filter is ignored rather than an error.
    expect((await load(ordersLoader, "/coop/orders?status=bogus&before=x", FENGJIE)).status).toBe(200);
  });
});

describe("the dashboard", () => {
  interface Dashboard {
    counts: { active: number; draft: number; archived: number };
    lowStock: { id: number; available: number }[];
    certifications: { number: string; state: string; review_note: string | null }[];
    brands: { id: number; state: string; review_note: string | null }[];
    recentOrders: OrdersPage["orders"];
    sales: { day: string; fen: number }[];
  }

  it("counts products, finds low stock and the certificates and brands to look at", async () => {
    const fengjie = await fengjieId();
    const low = await createProduct(db(), { cooperative_id: fengjie, status: "active", variants: [{ stock_on_hand: 7, stock_reserved: 3 }, { stock_on_hand: 50 }] });
    const rejected = await createBrand(db(), { cooperative_id: fengjie, status: "rejected", review_note: "商标号与注册人不符 Number and owner do not match." });
    const expiring = await createBrand(db(), { cooperative_id: fengjie, status: "verified", expires_on: addDays(chinaToday(), 12) });
    const farAway = await createBrand(db(), { cooperative_id: fengjie, status: "verified", expires_on: addDays(chinaToday(), 400) });
    const wushanBrand = await createBrand(db(), { cooperative_id: await wushanId(), status: "rejected" });

    const data = await body<Dashboard>(await load(dashboardLoader, "/coop", FENGJIE));
    const products = await db().selectFrom("products").select("status").where("cooperative_id", "=", fengjie).execute();
    expect(data.counts.active).toBe(products.filter((p) => p.status === "active").length);
    expect(data.counts.draft).toBe(products.filter((p) => p.status === "draft").length);
    expect(data.lowStock).toContainEqual(expect.objectContaining({ id: low.variants[0]!.id, available: 4 }));
    expect(data.lowStock.map((v) => v.id)).not.toContain(low.variants[1]!.id);
    expect(data.lowStock.every((v) => v.available <= 5)).toBe(true);

    expect(data.certifications).toContainEqual(expect.objectContaining({ number: DEMO.navelOrange.expiredGi, state: "expired" }));
    expect(data.certifications.some((c) => c.state === "pending")).toBe(true);
    const brandIds = data.brands.map((b) => b.id);
    expect(data.brands).toContainEqual(expect.objectContaining({ id: rejected.id, state: "rejected", review_note: expect.stringContaining("do not match") }));
    expect(brandIds).toContain(expiring.id);
    expect(brandIds).not.toContain(farAway.id);
    expect(brandIds).not.toContain(wushanBrand.id);
  });

  it("sums the last 30 days of this cooperative's paid lines per China day", async () => {
    const today = chinaToday();
    const before = await body<Dashboard>(await load(dashboardLoader, "/coop", FENGJIE));
    const todayBefore = before.sales.find((d) => d.day === today)!.fen;
    await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 1 }, { variantId: wushanVariant.id, quantity: 5 }] });
    await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 4 }], status: "cancelled" });
    await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 9 }], status: "pending_payment" });
    const old = new Date(Date.now() - 45 * 86_400_000);
    await insertOrder({ lines: [{ variantId: fengjieVariant.id, quantity: 1 }], paidAt: old, placedAt: old });

    const data = await body<Dashboard>(await load(dashboardLoader, "/coop", FENGJIE));
    expect(data.sales).toHaveLength(30);
    expect(data.sales[29]!.day).toBe(today);
    expect(data.sales[0]!.day).toBe(addDays(today, -29));
    expect(data.sales.find((d) => d.day === today)!.fen).toBe(todayBefore + fengjieVariant.price_fen);
    expect(data.recentOrders.length).toBeGreaterThan(0);
    for (const order of data.recentOrders) expect(order.lines.every((l) => l.sku !== wushanVariant.sku)).toBe(true);
  });

  it("draws the chart as accessible SVG on the server", async () => {
    const i18n = i18next.createInstance();
    await i18n.init(i18nOptions("en", resources));
    const points = Array.from({ length: 30 }, (_, i) => ({ day: addDays("2026-11-01", i), fen: i === 10 ? 125_000 : i % 3 === 0 ? 3_990 : 0 }));
    const html = renderToString(createElement(I18nextProvider, { i18n }, createElement(SalesChart, { points })));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="sales-chart-title sales-chart-desc"');
    expect(html).toContain("Sales per day from 2026-11-01 to 2026-11-30");
    expect(html).toContain("Highest day: ¥1,250.00 on 2026-11-11");
    expect(html.match(/<rect /g)).toHaveLength(30);
    // The numbers are also there as a table for screen readers and for copying.
    expect(html).toContain("<table");

    const empty = renderToString(createElement(I18nextProvider, { i18n }, createElement(SalesChart, { points: points.map((p) => ({ ...p, fen: 0 })) })));
    expect(empty).toContain("No sales in the last 30 days yet.");
    expect(empty).not.toContain("<svg");
  });
});
