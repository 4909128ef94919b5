import { describe, expect, it } from "vitest";
import { createBatch, createCertification, createProduct } from "~/seed/factories.server";
import { down, splitMixed, up } from "~db/migrations/2026_12_02_0003_localized_content";
import { db } from "~/utils/db.server";
import { sql } from "kysely";

// The migration that stores scopes, plots and households per language splits the mixed
// strings the shop used to store ("奉节脐橙 Fengjie navel oranges") and turns the fixed stock
// reasons into codes. Run here from the state before it, with the old strings in place.

describe("splitting mixed strings", () => {
  it.each([
    ["奉节脐橙 Fengjie navel oranges", ["奉节脐橙", "Fengjie navel oranges"]],
    ["刘德明家 · the Liu Deming household", ["刘德明家", "the Liu Deming household"]],
    ["草堂镇柑子村 4 组 · Ganzi Village, group 4", ["草堂镇柑子村 4 组", "Ganzi Village, group 4"]],
    ["晚熟脐橙（GB/T 19630）Late navel oranges (GB/T 19630)", ["晚熟脐橙（GB/T 19630）", "Late navel oranges (GB/T 19630)"]],
    ["全国扶贫产品目录：奉节脐橙 National poverty-alleviation product catalogue", ["全国扶贫产品目录：奉节脐橙", "National poverty-alleviation product catalogue"]],
    // Nothing to split: stays Chinese.
    ["白帝镇 3 号果园", ["白帝镇 3 号果园", ""]],
    ["脐橙（GB/T 19630）", ["脐橙（GB/T 19630）", ""]],
    ["SC 食品生产许可", ["SC 食品生产许可", ""]],
  ] as const)("%s", (mixed, expected) => {
    expect(splitMixed(mixed)).toEqual(expected);
  });
});

describe("the migration on rows written before it", () => {
  it("splits scopes, plots and households and codes the stock reasons, and goes back", async () => {
    const product = await createProduct(db());
    const certificate = await createCertification(db(), { cooperative_id: product.cooperative_id });
    const batch = await createBatch(db(), { product_id: product.id });
    const variantId = product.variants[0]!.id;
    const seededBatches = await db().selectFrom("batches").select(["id", "plot_zh", "plot_en", "household_zh", "household_en"]).orderBy("id").execute();

    await down(db());
    // The old shape, with what the code used to write.
    await sql`UPDATE certifications SET scope = '奉节脐橙 Fengjie navel oranges' WHERE id = ${certificate.id}`.execute(db());
    await sql`UPDATE batches SET plot = '安坪镇三沱村江岸果园 · Sanduo Village riverside grove', household = '刘德明家 · the Liu Deming household' WHERE id = ${batch.id}`.execute(db());
    await sql`DELETE FROM stock_adjustments WHERE variant_id = ${variantId}`.execute(db());
    await sql`INSERT INTO stock_adjustments (variant_id, delta, reason) VALUES
      (${variantId}, 10, '初始库存 Opening stock'), (${variantId}, 5, '批量导入 CSV import'), (${variantId}, -2, '3 箱损坏')`.execute(db());

    await up(db());
    expect(await db().selectFrom("certifications").select(["scope_zh", "scope_en"]).where("id", "=", certificate.id).executeTakeFirstOrThrow()).toEqual({
      scope_zh: "奉节脐橙",
      scope_en: "Fengjie navel oranges",
    });
    expect(await db().selectFrom("batches").select(["plot_zh", "plot_en", "household_zh", "household_en"]).where("id", "=", batch.id).executeTakeFirstOrThrow()).toEqual({
      plot_zh: "安坪镇三沱村江岸果园",
      plot_en: "Sanduo Village riverside grove",
      household_zh: "刘德明家",
      household_en: "the Liu Deming household",
    });
    expect(await db().selectFrom("stock_adjustments").select(["delta", "reason_code", "reason"]).where("variant_id", "=", variantId).orderBy("id").execute()).toEqual([
      { delta: 10, reason_code: "opening", reason: "" },
      { delta: 5, reason_code: "import", reason: "" },
      { delta: -2, reason_code: "manual", reason: "3 箱损坏" },
    ]);
    // Down and up again leaves the seeded rows as they were.
    const after = await db().selectFrom("batches").select(["id", "plot_zh", "plot_en", "household_zh", "household_en"]).where("id", "<>", batch.id).orderBy("id").execute();
    expect(after).toEqual(seededBatches.filter((b) => b.id !== batch.id));
    // A manual change needs its words; a coded one does not.
    await expect(sql`INSERT INTO stock_adjustments (variant_id, delta, reason_code, reason) VALUES (${variantId}, 1, 'manual', '')`.execute(db())).rejects.toThrow();
  });
});
