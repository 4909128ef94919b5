import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { insertReview } from "~/models/product-review.server";
import { withTransaction } from "~/models/transaction.server";
import { insertOrder } from "./orders";

/**
 * Reviews for the back-office review pages to show (the demo seed has none): the demo shopper's
 * delivered order of both navel-orange sizes, one review reported and answered by the
 * cooperative, the other hidden by staff with a reason.
 */
export async function insertBackOfficeReviews(db: Kysely<Database>): Promise<void> {
  const id = (email: string) => db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const [shopper, staff, fengjie, reporter] = await Promise.all([id(DEMO_ACCOUNTS.shopper), id(DEMO_ACCOUNTS.staff), id(DEMO_ACCOUNTS.fengjie), id(DEMO_ACCOUNTS.wushan)]);
  const variants = await db
    .selectFrom("variants")
    .innerJoin("products", "products.id", "variants.product_id")
    .select(["variants.id", "products.id as productId", "products.cooperative_id as cooperativeId"])
    .where("products.slug", "=", DEMO.navelOrange.slug)
    .orderBy("variants.id")
    .limit(2)
    .execute();
  const order = await insertOrder(db, { lines: variants.map((variant) => ({ variantId: variant.id, quantity: 1 })), status: "delivered", userId: shopper.id });
  await withTransaction(db, async (trx) => {
    const [answered, hidden] = await Promise.all(
      order.items.map((item, index) =>
        insertReview(trx, {
          orderItemId: item.id,
          productId: variants[0]!.productId,
          cooperativeId: variants[0]!.cooperativeId,
          userId: shopper.id,
          kind: "initial",
          stars: index === 0 ? 4 : 1,
          body: index === 0 ? "很甜，汁多，包装结实。" : "加我微信 abc123 买更便宜。",
          photos: [],
        }),
      ),
    );
    await trx.updateTable("product_reviews").set({ reply_body: "谢谢支持！", replied_at: new Date(), replied_by: fengjie.id, report_count: 1 }).where("id", "=", answered!).execute();
    await trx.insertInto("product_review_reports").values({ review_id: answered!, user_id: reporter.id, reason: "spam" }).execute();
    await trx.updateTable("product_reviews").set({ hidden_at: new Date(), hidden_reason: "含有联系方式", hidden_by: staff.id }).where("id", "=", hidden!).execute();
  });
}
