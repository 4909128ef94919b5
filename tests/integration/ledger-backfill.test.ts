import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "~db/client";
import { migrateToLatest } from "~db/migrate";
import { migrations } from "~db/migrations/index";
import type { Database } from "~db/schema";
import { ledgerBalances, postRefund } from "~/models/ledger.server";
import { adminQuery, testDatabaseUrl, withDatabaseName } from "../support/database";

// The ledger migration (2026_12_02_0007) posts the orders paid before the journal existed.
// Here a fresh database is migrated to the migration before it, given a paid order across two
// cooperatives with shipping and a partial refund, and then migrated the rest of the way: the
// journal must hold what the shop would have posted, to the fen, worked out by hand below.

const BEFORE_LEDGER = "2026_12_02_0006_name_ranks";
const MIGRATIONS_IN_ORDER = Object.keys(migrations).sort();

let handle: DatabaseHandle;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const url = testDatabaseUrl();
  if (url) {
    const name = `shanshui_backfill_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `CREATE DATABASE ${name}`);
    handle = await createDatabase({ url: withDatabaseName(url, name), poolSize: 4 });
    dropDatabase = async () => {
      await handle.close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  } else {
    handle = await createDatabase({ pgliteDataDir: "memory://" });
    dropDatabase = () => handle.close();
  }
});

afterAll(async () => {
  await dropDatabase?.();
});

/** The shop as it was before the journal: two cooperatives, one paid order, its refunds. */
async function shopBeforeTheLedger(db: Kysely<any>) {
  const coops = await db
    .insertInto("cooperatives")
    .values([
      { slug: "backfill-oranges", name_zh: "奉节脐橙回填合作社", name_en: "Backfill Orange Co-op", county_zh: "奉节县", county_en: "Fengjie County" },
      { slug: "backfill-honey", name_zh: "巫山蜂蜜回填合作社", name_en: "Backfill Honey Co-op", county_zh: "巫山县", county_en: "Wushan County" },
    ])
    .returning("id")
    .execute();
  const [coopA, coopB] = coops.map((row) => row.id as number) as [number, number];
  const order = await db
    .insertInto("orders")
    .values({
      number: "SS-BACKFILL-1",
      access_token: "b".repeat(40),
      contact_name: "李华",
      email: "backfill@example.com",
      phone: "13800000000",
      ship_province: "重庆市",
      ship_city: "重庆市",
      ship_district: "渝中区",
      ship_region_code: "500103",
      ship_street: "解放碑 1 号",
      shipping_method: "standard",
      subtotal_fen: 17_770,
      shipping_fen: 1_200,
      total_fen: 18_970,
      refunded_fen: 3_000,
      status: "delivered",
      payment_status: "partially_refunded",
      paid_at: new Date("2026-11-20T10:00:00+08:00"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const line = { order_id: order.id, variant_label_zh: "5 斤装", variant_label_en: "2.5 kg", weight_grams: 2_500, temperature_class: "ambient" };
  await db
    .insertInto("order_items")
    .values([
      { ...line, cooperative_id: coopA, product_name_zh: "奉节脐橙", product_name_en: "Fengjie navel oranges", sku: "BF-ORANGE", unit_price_fen: 5_980, quantity: 2, line_total_fen: 11_960 },
      { ...line, cooperative_id: coopB, product_name_zh: "巫山蜂蜜", product_name_en: "Wushan honey", sku: "BF-HONEY", unit_price_fen: 5_810, quantity: 1, line_total_fen: 5_810 },
    ])
    .execute();
  const expires = new Date("2026-11-20T10:30:00+08:00");
  const payment = { order_id: order.id, provider: "dev", amount_fen: 18_970, checkout_url: "/pay/dev/1", expires_at: expires };
  // A first attempt that failed captured nothing; the second was paid.
  await db.insertInto("payments").values({ ...payment, provider_session_id: "bf-1", attempt: 1, status: "failed" }).execute();
  const paid = await db
    .insertInto("payments")
    .values({ ...payment, provider_session_id: "bf-2", attempt: 2, status: "paid", captured_fen: 18_970, refunded_fen: 3_000 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const refund = { order_id: order.id, payment_id: paid.id, reason: "一箱压坏" };
  const succeeded = await db
    .insertInto("refunds")
    .values({ ...refund, amount_fen: 3_000, idempotency_key: "bf-refund-1", status: "succeeded", updated_at: new Date("2026-11-25T09:00:00+08:00") })
    .returning("id")
    .executeTakeFirstOrThrow();
  // A refund the provider refused returned nothing.
  await db.insertInto("refunds").values({ ...refund, amount_fen: 500, idempotency_key: "bf-refund-2", status: "failed" }).execute();
  return { coopA, coopB, orderId: order.id, paymentId: paid.id, refundId: succeeded.id };
}

describe("the ledger migration's backfill", () => {
  it("posts a paid order and its partial refund as the shop would have, to the fen", async () => {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo(BEFORE_LEDGER);
    expect(before.error).toBeUndefined();
    expect(before.results?.map((r) => r.migrationName)).toEqual(MIGRATIONS_IN_ORDER.slice(0, MIGRATIONS_IN_ORDER.indexOf(BEFORE_LEDGER) + 1));
    expect(await handle.db.introspection.getTables().then((tables) => tables.some((t) => t.name === "ledger_entries"))).toBe(false);

    const shop = await shopBeforeTheLedger(handle.db);
    await migrateToLatest(handle.db);
    const db = handle.db;

    const transactions = await db
      .selectFrom("ledger_transactions")
      .select(["id", "kind", "idempotency_key", "order_id", "payment_id", "refund_id", "memo", "posted_at"])
      .orderBy("id")
      .execute();
    expect(transactions.map(({ id: _id, ...t }) => t)).toEqual([
      { kind: "payment_captured", idempotency_key: `capture:${shop.paymentId}`, order_id: shop.orderId, payment_id: shop.paymentId, refund_id: null, memo: "backfill", posted_at: new Date("2026-11-20T10:00:00+08:00") },
      { kind: "refund", idempotency_key: `refund:${shop.refundId}`, order_id: shop.orderId, payment_id: shop.paymentId, refund_id: shop.refundId, memo: "backfill", posted_at: new Date("2026-11-25T09:00:00+08:00") },
    ]);
    const entriesOf = (transactionId: number) =>
      db.selectFrom("ledger_entries").select(["account", "cooperative_id", "amount_fen", "rate_bp"]).where("transaction_id", "=", transactionId).orderBy("id").execute();

    // Capture of ¥189.70 at the default 5 %: oranges 11,960 (commission 598), honey 5,810
    // (290.5 rounds to 291), shipping 1,200.
    expect(await entriesOf(transactions[0]!.id)).toEqual([
      { account: "provider_clearing", cooperative_id: null, amount_fen: 18_970, rate_bp: null },
      { account: "cooperative_payable", cooperative_id: shop.coopA, amount_fen: -11_362, rate_bp: 500 },
      { account: "commission_income", cooperative_id: shop.coopA, amount_fen: -598, rate_bp: 500 },
      { account: "cooperative_payable", cooperative_id: shop.coopB, amount_fen: -5_519, rate_bp: 500 },
      { account: "commission_income", cooperative_id: shop.coopB, amount_fen: -291, rate_bp: 500 },
      { account: "shipping_income", cooperative_id: null, amount_fen: -1_200, rate_bp: null },
    ]);
    // The ¥30.00 refund over 11,960 / 5,810 / 1,200 by largest remainder: 1,891.41 / 918.82 /
    // 189.77 → 1,891 / 919 / 190. Oranges 11,960 → 10,069: commission 598 → 503 (503.45),
    // payable 11,362 → 9,566. Honey 5,810 → 4,891: commission 291 → 245 (244.55), payable
    // 5,519 → 4,646. The failed refund posts nothing.
    expect(await entriesOf(transactions[1]!.id)).toEqual([
      { account: "provider_clearing", cooperative_id: null, amount_fen: -3_000, rate_bp: null },
      { account: "cooperative_payable", cooperative_id: shop.coopA, amount_fen: 1_796, rate_bp: 500 },
      { account: "commission_income", cooperative_id: shop.coopA, amount_fen: 95, rate_bp: 500 },
      { account: "cooperative_payable", cooperative_id: shop.coopB, amount_fen: 873, rate_bp: 500 },
      { account: "commission_income", cooperative_id: shop.coopB, amount_fen: 46, rate_bp: 500 },
      { account: "shipping_income", cooperative_id: null, amount_fen: 190, rate_bp: null },
    ]);

    // The app carries on from the backfilled entries: a later refund of ¥10.00 is spread over
    // what each part has left, and the order's accounts still sum to what the payment kept.
    const later = await db
      .insertInto("refunds")
      .values({ order_id: shop.orderId, payment_id: shop.paymentId, amount_fen: 1_000, reason: "补退", idempotency_key: "bf-refund-3", status: "succeeded" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await db.transaction().execute((trx) => postRefund(trx, { refundId: later.id }))).toBe(true);
    const balances = await ledgerBalances(db as Kysely<Database>, { orderId: shop.orderId });
    const of = (account: string, cooperativeId: number | null = null) => balances.find((b) => b.account === account && b.cooperativeId === cooperativeId)?.balanceFen ?? 0;
    expect(of("provider_clearing")).toBe(18_970 - 3_000 - 1_000);
    expect(balances.reduce((sum, b) => sum + b.balanceFen, 0)).toBe(0);
    // 1,000 over 10,069 / 4,891 / 1,010 left: 630.49 / 306.26 / 63.25 → 631 / 306 / 63.
    expect(of("cooperative_payable", shop.coopA) + of("commission_income", shop.coopA)).toBe(-(10_069 - 631));
    expect(of("cooperative_payable", shop.coopB) + of("commission_income", shop.coopB)).toBe(-(4_891 - 306));
    expect(of("shipping_income")).toBe(-(1_010 - 63));
  });
});
