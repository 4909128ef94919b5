import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { csvLines, csvStream, neutralizeFormula, salesByCooperative, salesByDay, salesByProduct } from "~/models/report.server";
import { loader as ordersCsvLoader } from "~/routes/staff.reports.orders[.]csv";
import { loader as reportsLoader } from "~/routes/staff.reports";
import { loader as shipmentsCsvLoader } from "~/routes/staff.reports.shipments[.]csv";
import { createShipment } from "~/services/fulfilment.server";
import { refundOrder } from "~/services/order-cancellation.server";
import { db } from "~/utils/db.server";
import { getRequest, testContext } from "../support/auth";
import { createProductFixture, createUserWithRole, insertOrder, type ProductFixture } from "../support/staff";

const staff = DEMO_ACCOUNTS.staff;
let coopA: ProductFixture;
let coopB: ProductFixture;
let staffActor: { kind: "staff"; userId: number };

// Orders placed and paid on 2025-03-01 and 03-02 (China days), around midnight Beijing time.
beforeAll(async () => {
  coopA = await createProductFixture(db(), { variants: 1, priceFen: 1000 });
  coopB = await createProductFixture(db(), { variants: 1, priceFen: 3000 });
  staffActor = { kind: "staff", userId: (await createUserWithRole(db(), "staff")).id };
  // 23:30 on 1 March in Beijing is 15:30 UTC: it belongs to 1 March.
  const late = await insertOrder(db(), {
    lines: [{ variantId: coopA.variants[0]!.id, quantity: 2 }, { variantId: coopB.variants[0]!.id, quantity: 1 }],
    placedAt: new Date("2025-03-01T15:28:00Z"),
    shippingFen: 1000,
  });
  // 00:30 on 2 March in Beijing is 16:30 UTC on 1 March: it belongs to 2 March.
  await insertOrder(db(), { lines: [{ variantId: coopA.variants[0]!.id, quantity: 1 }], placedAt: new Date("2025-03-01T16:29:00Z"), shippingFen: 0 });
  // Refund ¥10 of the first order (total ¥60): a sixth of each line's value comes off.
  await refundOrder(db(), { orderId: late.id, amountFen: 1000, reason: "补偿", actor: staffActor, idempotencyKey: `report-refund-${late.id}` });
  // An unpaid order never counts.
  await insertOrder(db(), { lines: [{ variantId: coopB.variants[0]!.id, quantity: 5 }], placedAt: new Date("2025-03-01T10:00:00Z"), status: "pending_payment" });
});

describe("sales reports", () => {
  const range = { from: "2025-03-01", to: "2025-03-03" };

  it("sums paid orders per China day, net of refunds, with empty days as zeros", async () => {
    const days = await salesByDay(db(), range);
    expect(days).toEqual([
      { day: "2025-03-01", orders: 1, gross_fen: 6000, refunded_fen: 1000, net_fen: 5000 },
      { day: "2025-03-02", orders: 1, gross_fen: 1000, refunded_fen: 0, net_fen: 1000 },
      { day: "2025-03-03", orders: 0, gross_fen: 0, refunded_fen: 0, net_fen: 0 },
    ]);
  });

  it("shares refunds over lines by value, per cooperative and per product", async () => {
    const cooperatives = await salesByCooperative(db(), range);
    const a = cooperatives.find((row) => row.id === coopA.cooperative.id)!;
    const b = cooperatives.find((row) => row.id === coopB.cooperative.id)!;
    // A: ¥20 line (−¥3.33) + ¥10 line; B: ¥30 line (−¥5).
    expect(a).toMatchObject({ orders: 2, units: 3, gross_fen: 3000, net_fen: 3000 - 333 });
    expect(b).toMatchObject({ orders: 1, units: 1, gross_fen: 3000, net_fen: 2500 });
    const products = await salesByProduct(db(), range);
    expect(products.find((row) => row.id === coopB.product.id)).toMatchObject({ units: 1, net_fen: 2500 });
  });

  it("renders the page for a range, and falls back to the last 30 days on a bad one", async () => {
    const ok = await reportsLoader({ request: await getRequest("/staff/reports?from=2025-03-01&to=2025-03-03", { email: staff }), params: {}, context: testContext });
    const data = await ok.json();
    expect(data.totals).toMatchObject({ orders: 2, net: 6000 });
    expect(data.rangeError).toBeNull();
    const bad = await reportsLoader({ request: await getRequest("/staff/reports?from=2025-03-05&to=2025-03-01", { email: staff }), params: {}, context: testContext });
    const fallback = await bad.json();
    expect(fallback.rangeError).toBe("errors.badRange");
    expect(fallback.days).toHaveLength(30);
  });
});

describe("CSV export", () => {
  it("neutralizes formulas and quotes commas, quotes and newlines", () => {
    expect(neutralizeFormula("=HYPERLINK(\"x\")")).toBe("'=HYPERLINK(\"x\")");
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(neutralizeFormula(`${start}1`)).toBe(`'${start}1`);
    expect(neutralizeFormula("李华")).toBe("李华");
    const text = csvLines([["a,b", 'say "hi"', "line\nbreak", "=1+1", 12, null]]);
    expect(text).toBe('"a,b","say ""hi""","line\nbreak",\'=1+1,12,\r\n');
  });

  it("streams a BOM, the header and every batch", async () => {
    let calls = 0;
    const stream = csvStream(["id", "name"], async (after) => {
      calls += 1;
      const start = after ?? 0;
      if (start >= 5) return { rows: [], last: null };
      const rows = [start + 1, start + 2].map((id) => [id, `row ${id}`]);
      return { rows, last: start + 2 };
    });
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect((parse(text.slice(1), { columns: true }) as { id: string }[]).map((row) => row.id)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(calls).toBe(4);
  });

  it("exports orders with a download name, UTF-8 BOM, and hostile text made safe", async () => {
    const fixture = await createProductFixture(db(), { variants: 1 });
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }], placedAt: new Date("2025-04-10T03:00:00Z") });
    await db().updateTable("orders").set({ contact_name: '=cmd|" /C calc"!A0', ship_street: "重庆路 1 号,\n2 栋 \"东\"" }).where("id", "=", order.id).execute();

    const response = await ordersCsvLoader({ request: await getRequest("/staff/reports/orders.csv?from=2025-04-10&to=2025-04-10&lang=en", { email: staff }), params: {}, context: testContext });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="orders-2025-04-10-2025-04-10.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r["Order number"] === order.number)!;
    expect(row).toBeDefined();
    expect(row.Contact).toBe('\'=cmd|" /C calc"!A0');
    expect(row["Street address"]).toBe('重庆路 1 号,\n2 栋 "东"');
    expect(row["Placed (China time)"]).toBe("2025-04-10 11:00:00");
    expect(row.Phone).toBe("13800138000");
  });

  it("pages through more than one batch of orders", async () => {
    const fixture = await createProductFixture(db(), { variants: 1, priceFen: 100 });
    const coop = fixture.cooperative.id;
    await sql`
      INSERT INTO orders (number, access_token, contact_name, email, phone, ship_province, ship_city, ship_district, ship_region_code, ship_street, shipping_method, subtotal_fen, shipping_fen, total_fen, status, payment_status, placed_at, paid_at)
      SELECT 'BULK' || ${coop}::text || '-' || g, md5(random()::text) || md5(g::text), '批量', 'bulk' || g || '@example.test', '13800000000', '重庆市', '重庆市', '渝中区', '500103', '街道 ' || g, 'standard', 100, 0, 100, 'paid', 'paid', timestamptz '2025-05-20 04:00:00+00' + g * interval '1 second', timestamptz '2025-05-20 04:00:00+00' + g * interval '1 second'
      FROM generate_series(1, 1234) AS g`.execute(db());
    const response = await ordersCsvLoader({ request: await getRequest("/staff/reports/orders.csv?from=2025-05-20&to=2025-05-20", { email: staff }), params: {}, context: testContext });
    const rows = parse((await response.text()).replace(/^\uFEFF/, ""), { columns: false }) as string[][];
    const numbers = rows.slice(1).map((r) => r[0]!);
    expect(numbers.filter((n) => n.startsWith(`BULK${coop}-`))).toHaveLength(1234);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("exports shipments, and refuses a bad range with 400", async () => {
    const fixture = await createProductFixture(db(), { variants: 1 });
    const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
    await createShipment(db(), { orderId: order.id, carrier: "zto", trackingNumber: "731234560001", lines: [{ orderItemId: order.items[0]!.id, quantity: 2 }], actor: staffActor });
    const response = await shipmentsCsvLoader({ request: await getRequest("/staff/reports/shipments.csv", { email: staff }), params: {}, context: testContext });
    const rows = parse((await response.text()).replace(/^\uFEFF/, ""), { columns: false }) as string[][];
    expect(rows[0]![0]).toBe("订单号");
    const row = rows.find((r) => r[2] === "731234560001")!;
    expect(row.slice(0, 4)).toEqual([order.number, "zto", "731234560001", "label_created"]);
    expect(row[9]).toBe(`${fixture.variants[0]!.sku} x2`);

    const bad = await shipmentsCsvLoader({ request: await getRequest("/staff/reports/shipments.csv?from=2020-01-01&to=2026-01-01", { email: staff }), params: {}, context: testContext });
    expect(bad.status).toBe(400);
    const worse = await ordersCsvLoader({ request: await getRequest("/staff/reports/orders.csv?from=yesterday", { email: staff }), params: {}, context: testContext });
    expect(worse.status).toBe(400);
  });
});
