import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createHouseholds } from "~/models/household.server";
import { postPaymentCapture } from "~/models/ledger.server";
import { addAccountEntries, addDeliveries, type AccountEntryInput, type DeliveryInput } from "~/models/member-account.server";
import { approveBatch, markBatchPaid, prepareBatch, setBankAccount } from "~/models/payout.server";
import { periodOf } from "~/models/settlement-period";
import { issueDueStatements } from "~/models/statement.server";
import { listVariantSnapshots } from "~/models/variant.server";
import { withTransaction } from "~/models/transaction.server";
import { devPaymentFee } from "~/services/payments/dev.server";
import { confirmDistribution, prefillIncome, recordDistribution } from "~/services/dividends.server";
import { addDays } from "~/utils/dates";
import type { Database } from "~db/schema";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";

// The demo's money trail, shop → cooperative → member households, for Fengjie and Wushan: past
// orders paid and delivered, the statements due for their months, one payout batch prepared by
// staff and approved and paid by the admin (the last month's statements are left to pay), bank
// details, Fengjie's member households with their accounts and deliveries (交售记录), and one
// confirmed surplus distribution. Orders and shipments are written as checkout and fulfilment
// leave them; every ledger posting, statement, payout and distribution goes through the app's
// own functions, so the demo's figures reconcile with the journal as real ones do. All of it is
// demo data: shoppers at example.test, bank accounts of zeros, a bank reference marked DEMO.

/** The hold the statement job uses by default (SETTLEMENT_HOLD_DAYS). */
export const DEMO_HOLD_DAYS = 7;

export interface MoneySummary {
  orders: number;
  statements: number;
  paidStatements: number;
  households: number;
  distributions: number;
}

/** A moment on a China day. */
function at(day: string, time: string): Date {
  return new Date(`${day}T${time}+08:00`);
}

/** The first day of the month `back` months before the one holding `day`. */
function monthStart(day: string, back: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 - back;
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

const compact = (day: string) => day.slice(2).replaceAll("-", "");

// Guest shoppers of the demo orders; example.test never delivers mail.
const SHOPPERS = [
  { name: "陈静", email: "chen.jing@example.test", phone: "13900000101", district: "渝中区", code: "500103", street: "解放碑民族路 18 号" },
  { name: "赵磊", email: "zhao.lei@example.test", phone: "13900000102", district: "江北区", code: "500105", street: "观音桥步行街 6 号" },
  { name: "孙丽", email: "sun.li@example.test", phone: "13900000103", district: "南岸区", code: "500108", street: "南坪万达广场 2 栋" },
  { name: "周洋", email: "zhou.yang@example.test", phone: "13900000104", district: "沙坪坝区", code: "500106", street: "三峡广场 9 号" },
];

interface Line {
  variantId: number;
  quantity: number;
}

type Catalogue = Awaited<ReturnType<typeof catalogueOf>>;

/** The variants the demo orders sell and their products' batches, read once. */
async function catalogueOf(db: Kysely<Database>, cooperativeIds: number[]) {
  const variants = await listVariantSnapshots(db, { cooperativeIds, activeProducts: true });
  const batches = await db
    .selectFrom("batches")
    .innerJoin("products", "products.id", "batches.product_id")
    .select(["batches.id", "batches.product_id", "batches.harvested_on", "batches.packed_on", "products.cooperative_id"])
    .where("products.cooperative_id", "in", cooperativeIds)
    .orderBy("batches.harvested_on")
    .orderBy("batches.id")
    .execute();
  return { variants, batches: batches.map((b) => ({ ...b, harvested_on: dayOf(b.harvested_on), packed_on: dayOf(b.packed_on) })) };
}

function dayOf(value: string | Date): string {
  return typeof value === "string" ? value : new Date(value.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** One past order, written as checkout leaves a paid one and fulfilment a delivered one, its capture posted on the day it was paid. */
async function pastOrder(
  trx: Kysely<Database>,
  catalogue: Catalogue,
  { day, sequence, lines, deliveredAfterDays }: { day: string; sequence: number; lines: Line[]; deliveredAfterDays: number },
): Promise<void> {
  const { variants } = catalogue;
  const shopper = SHOPPERS[sequence % SHOPPERS.length]!;
  const placedAt = at(day, `${String(9 + (sequence % 10)).padStart(2, "0")}:${String((sequence * 7) % 60).padStart(2, "0")}:00`);
  const paidAt = new Date(placedAt.getTime() + 2 * 60_000);
  const subtotal = lines.reduce((sum, line) => sum + variants.find((v) => v.id === line.variantId)!.price_fen * line.quantity, 0);
  const shipping = 1_000;
  const order = await trx
    .insertInto("orders")
    .values({
      number: `SS${compact(day)}${String(900_000 + sequence)}`,
      access_token: randomBytes(24).toString("base64url"),
      user_id: null,
      contact_name: shopper.name,
      ship_province: "重庆市",
      ship_city: "重庆市",
      ship_district: shopper.district,
      ship_region_code: shopper.code,
      ship_street: shopper.street,
      email: shopper.email,
      phone: shopper.phone,
      shipping_method: "standard",
      subtotal_fen: subtotal,
      shipping_fen: shipping,
      total_fen: subtotal + shipping,
      status: "delivered",
      payment_status: "paid",
      placed_at: placedAt,
      paid_at: paidAt,
      created_at: placedAt,
    })
    .returning(["id", "total_fen"])
    .executeTakeFirstOrThrow();
  // The batch on sale that day: the latest packed by then.
  const items = lines.map((line) => {
    const variant = variants.find((v) => v.id === line.variantId)!;
    const batch = catalogue.batches.filter((b) => b.product_id === variant.product_id && b.packed_on <= day).at(-1);
    return {
      order_id: order.id,
      variant_id: variant.id,
      product_id: variant.product_id,
      cooperative_id: variant.cooperative_id,
      batch_id: batch?.id ?? null,
      product_name_zh: variant.name_zh,
      product_name_en: variant.name_en,
      variant_label_zh: variant.label_zh,
      variant_label_en: variant.label_en,
      sku: variant.sku,
      weight_grams: variant.weight_grams,
      temperature_class: variant.temperature_class,
      unit_price_fen: variant.price_fen,
      quantity: line.quantity,
      line_total_fen: variant.price_fen * line.quantity,
    };
  });
  const itemIds = await trx.insertInto("order_items").values(items).returning(["id", "quantity"]).execute();
  const payment = await trx
    .insertInto("payments")
    .values({
      order_id: order.id,
      provider: "dev",
      provider_session_id: `dev_demo_${order.id}`,
      provider_payment_id: `devpay_demo_${order.id}`,
      amount_fen: order.total_fen,
      captured_fen: order.total_fen,
      fee_fen: devPaymentFee(order.total_fen),
      status: "paid",
      checkout_url: `/pay/dev/${order.id}`,
      expires_at: new Date(placedAt.getTime() + 30 * 60_000),
      created_at: placedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await withTransaction(trx, (t) => postPaymentCapture(t, { paymentId: payment.id, postedAt: paidAt }));
  const shippedAt = at(addDays(day, 1), "16:00:00");
  const deliveredAt = at(addDays(day, deliveredAfterDays), "11:20:00");
  const shipment = await trx
    .insertInto("shipments")
    .values({
      order_id: order.id,
      carrier: "sf",
      tracking_number: `SF${compact(day)}${String(9_000_000 + sequence)}`,
      status: "delivered",
      shipped_at: shippedAt,
      delivered_at: deliveredAt,
      last_event_at: deliveredAt,
      created_at: shippedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("shipment_items")
    .values(itemIds.map((item) => ({ shipment_id: shipment.id, order_item_id: item.id, quantity: item.quantity })))
    .execute();
}

async function idOfUser(db: Kysely<Database>, email: string): Promise<number> {
  return (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

/** Fengjie's member households: fictional families in the villages the cooperative's plots are in. */
const HOUSEHOLDS = [
  { head_name: "刘德明", village: "草堂镇柑子村", joinedYearsAgo: 13, id_last4: null },
  { head_name: "向春梅", village: "草堂镇柑子村", joinedYearsAgo: 13, id_last4: null },
  { head_name: "冉光富", village: "安坪镇三沱村", joinedYearsAgo: 11, id_last4: "0417" },
  { head_name: "谭永红", village: "安坪镇三沱村", joinedYearsAgo: 9, id_last4: null },
  { head_name: "邓开云", village: "草堂镇柑子村", joinedYearsAgo: 6, id_last4: null },
  { head_name: "熊玉兰", village: "康乐镇七星村", joinedYearsAgo: 4, id_last4: null },
  { head_name: "黄明亮", village: "康乐镇七星村", joinedYearsAgo: 0, id_last4: null },
] as const;

/**
 * Seeds the money story on a database that holds the demo catalogue and accounts. Runs inside
 * the caller's transaction (the seed's); every date is relative to `today`.
 */
export async function seedDemoMoney(db: Kysely<Database>, today: string): Promise<MoneySummary> {
  return withTransaction(db, async (trx) => {
    const summary: MoneySummary = { orders: 0, statements: 0, paidStatements: 0, households: 0, distributions: 0 };
    const fengjie = (await trx.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.fengjie).executeTakeFirstOrThrow()).id;
    const wushan = (await trx.selectFrom("cooperatives").select("id").where("slug", "=", DEMO.cooperatives.wushan).executeTakeFirstOrThrow()).id;
    const admin = await idOfUser(trx, DEMO_ACCOUNTS.admin);
    const staff = await idOfUser(trx, DEMO_ACCOUNTS.staff);
    const fengjieOwner = await idOfUser(trx, DEMO_ACCOUNTS.fengjie);
    const wushanMember = await idOfUser(trx, DEMO_ACCOUNTS.wushan);
    const catalogue = await catalogueOf(trx, [fengjie, wushan]);
    const oranges = catalogue.variants.filter((v) => v.cooperative_id === fengjie);
    const plums = catalogue.variants.filter((v) => v.cooperative_id === wushan);
    if (!oranges.length || !plums.length) throw new Error("the demo money story needs Fengjie's and Wushan's products");
    const orange = (n: number) => oranges[n % oranges.length]!.id;
    const plum = (n: number) => plums[n % plums.length]!.id;

    // 1. Orders in each of the three months before this one, delivered well within the month,
    // so each month's statement settles them. Some orders hold both cooperatives' goods.
    let sequence = 0;
    for (const back of [3, 2, 1]) {
      const start = monthStart(today, back);
      const orders: { offset: number; lines: Line[] }[] = [
        { offset: 3, lines: [{ variantId: orange(0), quantity: 2 }] },
        { offset: 7, lines: [{ variantId: orange(1), quantity: 1 }, { variantId: plum(0), quantity: 1 }] },
        { offset: 11, lines: [{ variantId: orange(0), quantity: 1 }] },
        { offset: 14, lines: [{ variantId: plum(back), quantity: 2 }] },
        { offset: 16, lines: [{ variantId: orange(back + 1), quantity: 1 }, { variantId: orange(0), quantity: 1 }] },
      ];
      for (const order of orders) {
        sequence += 1;
        await pastOrder(trx, catalogue, { day: addDays(start, order.offset), sequence, lines: order.lines, deliveredAfterDays: 3 });
        summary.orders += 1;
      }
    }

    // 2. Bank details as the cooperatives entered them: fictional accounts, all zeros.
    await setBankAccount(trx, { cooperativeId: fengjie, accountName: "奉节县夔州红脐橙种植专业合作社", bankName: "演示银行奉节支行（示例数据）", accountNumber: "6200000000000000101", userId: fengjieOwner });
    await setBankAccount(trx, { cooperativeId: wushan, accountName: "巫山县曲尺乡脆李专业合作社", bankName: "演示银行巫山支行（示例数据）", accountNumber: "6200000000000000202", userId: wushanMember });

    // 3. The statements due, as the hourly job issues them.
    summary.statements = await issueDueStatements(trx, { today, holdDays: DEMO_HOLD_DAYS });

    // 4. One payout batch: the two earlier months, prepared by staff, approved and paid by the
    // admin. Last month's statements stay payable, for /staff/payouts to prepare.
    const lastMonth = monthStart(today, 1);
    const earlier = await trx
      .selectFrom("statements")
      .select("id")
      .where("cooperative_id", "in", [fengjie, wushan])
      .where("period_start", "<", lastMonth)
      .where("total_fen", ">", 0)
      .orderBy("id")
      .execute();
    if (earlier.length) {
      const batch = await prepareBatch(trx, { statementIds: earlier.map((s) => s.id), preparedBy: staff });
      if (!batch.ok) throw new Error(`demo payout batch: ${batch.reason}`);
      const approved = await approveBatch(trx, { batchId: batch.batchId, approverId: admin });
      if (!approved.ok) throw new Error(`demo payout approval: ${approved.reason}`);
      const paid = await markBatchPaid(trx, { batchId: batch.batchId, paidBy: admin, bankReference: `DEMO-${compact(today)}-0001` });
      if (!paid.ok) throw new Error(`demo payout: ${paid.reason}`);
      summary.paidStatements = earlier.length;
    }

    // 5. Fengjie's member households, their accounts and deliveries.
    // The distribution covers the twelve months to the end of last month: a full orange year.
    const period = { start: monthStart(today, 12), end: addDays(periodOf("monthly", today).start, -1) };
    const households = await createHouseholds(trx, {
      cooperativeId: fengjie,
      userId: fengjieOwner,
      households: HOUSEHOLDS.map((h, index) => ({
        head_name: h.head_name,
        village: h.village,
        // The newest member joined within the period: the distribution counts its days.
        joined_on: h.joinedYearsAgo === 0 ? addDays(period.start, 120) : `${Number(today.slice(0, 4)) - h.joinedYearsAgo}-03-${String(index + 1).padStart(2, "0")}`,
        left_on: null,
        id_last4: h.id_last4,
      })),
    });
    summary.households = households.length;
    const ids = households.map((h) => h.id);
    const hh = (n: number) => ids[n]!;
    const opened = addDays(period.start, -200);
    const entries: AccountEntryInput[] = [
      { householdId: hh(0), kind: "cash_contribution", amountFen: 2_000_000, landMu: null, enteredOn: opened, note: "入社股金" },
      { householdId: hh(0), kind: "land_contribution", amountFen: 1_200_000, landMu: "4.0", enteredOn: opened, note: "土地经营权作价出资" },
      { householdId: hh(1), kind: "cash_contribution", amountFen: 1_000_000, landMu: null, enteredOn: opened, note: "入社股金" },
      { householdId: hh(2), kind: "land_contribution", amountFen: 1_500_000, landMu: "5.0", enteredOn: opened, note: "土地经营权作价出资" },
      { householdId: hh(3), kind: "cash_contribution", amountFen: 500_000, landMu: null, enteredOn: opened, note: "入社股金" },
      { householdId: hh(3), kind: "land_contribution", amountFen: 750_000, landMu: "2.5", enteredOn: opened, note: "土地经营权作价出资" },
      { householdId: hh(4), kind: "cash_contribution", amountFen: 500_000, landMu: null, enteredOn: opened, note: "入社股金" },
      { householdId: hh(5), kind: "land_contribution", amountFen: 600_000, landMu: "2.0", enteredOn: opened, note: "土地经营权作价出资" },
      // A state subsidy for the cold store, quantified to members by their contributions (示例).
      ...[0, 1, 2, 3, 4, 5].map((n) => ({ householdId: hh(n), kind: "subsidy" as const, amountFen: [320_000, 100_000, 150_000, 125_000, 50_000, 60_000][n]!, landMu: null, enteredOn: addDays(period.start, 60), note: "冷库建设财政补助量化到户（示例）" })),
    ];
    await addAccountEntries(trx, { cooperativeId: fengjie, userId: fengjieOwner, entries });

    // Deliveries (交售记录) through the period, linked to the harvest batch they went into
    // when the seed has one harvested near that day.
    const batches = catalogue.batches.filter((b) => b.cooperative_id === fengjie);
    const batchNear = (day: string): number | null => {
      const found = batches.find((b) => b.harvested_on <= day && addDays(b.harvested_on, 10) >= day);
      return found?.id ?? null;
    };
    // Navel oranges are picked from late winter; the late-season fruit into spring.
    const harvestDays = [...new Set([...batches.map((b) => b.harvested_on).filter((d) => d >= period.start && d <= period.end), addDays(period.start, 75), addDays(period.start, 110), addDays(period.start, 150)])]
      .filter((d) => d <= period.end)
      .sort();
    const kilos = [1_850, 1_200, 1_600, 900, 700, 650, 400];
    const deliveries: DeliveryInput[] = [];
    harvestDays.forEach((day, round) => {
      HOUSEHOLDS.forEach((h, n) => {
        const joined = n === 6 ? addDays(period.start, 120) : period.start;
        if (day < joined || (round + n) % 4 === 3) return;
        const weightKg = Math.round(kilos[n]! / harvestDays.length) + 20 * ((round + n) % 3);
        // ¥3.20 a kilo paid to the grower on delivery.
        deliveries.push({ householdId: hh(n), deliveredOn: day, produce: "脐橙", weightGrams: weightKg * 1_000, amountFen: weightKg * 320, batchId: batchNear(day), note: "" });
      });
    });
    await addDeliveries(trx, { cooperativeId: fengjie, userId: fengjieOwner, deliveries });

    // 6. The year's surplus: the shop's settled income plus the cooperative's wholesale sales,
    // less its costs; 10 % to the reserve, 60 % of the rest back by transactions.
    const shopIncome = await prefillIncome(trx, { cooperativeId: fengjie, ...period });
    const recorded = await recordDistribution(trx, {
      cooperativeId: fengjie,
      userId: fengjieOwner,
      input: {
        periodStart: period.start,
        periodEnd: period.end,
        incomeFen: shopIncome + 6_800_000,
        costsFen: 5_150_000,
        lossesFen: 0,
        reserveRateBp: 1_000,
        transactionShareBp: 6_000,
        convertedBp: 0,
        noticeNames: "masked",
      },
    });
    if (!recorded.ok) throw new Error(`demo distribution: ${JSON.stringify(recorded.errors)}`);
    const confirmed = await confirmDistribution(trx, { id: recorded.id, cooperativeId: fengjie, userId: fengjieOwner, today });
    if (!confirmed.ok) throw new Error(`demo distribution: ${confirmed.reason}`);
    summary.distributions = 1;
    return summary;
  });
}
