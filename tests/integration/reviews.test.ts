import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { isShownToShoppers } from "~/models/trust";
import { action, loader } from "~/routes/staff.reviews";
import { loader as documentLoader } from "~/routes/staff.reviews.document.$kind.$id";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { storeDocument } from "~/services/uploads.server";
import { getEnv } from "~/utils/env.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { createCooperative, unique } from "../support/staff";
import { tinyPdf, useTemporaryUploadsDir } from "../support/uploads";

useTemporaryUploadsDir();

const staff: string = DEMO_ACCOUNTS.staff;

async function decide(form: Record<string, string>, email = staff) {
  return settle(async () => action({ request: await formRequest("/staff/reviews", { email, form }), params: {}, context: testContext }));
}

async function pending() {
  const response = await loader({ request: await getRequest("/staff/reviews", { email: staff }), params: {}, context: testContext });
  return (await response.json()) as { pending: { kind: string; id: number; number?: string; document: string; verifiable: boolean; products: { slug: string }[] }[] };
}

describe("/staff/reviews", () => {
  it("lists the pending organic certificate with the products that rely on it and no document", async () => {
    const { pending: items } = await pending();
    const organic = items.find((item) => item.kind === "certification" && item.number === DEMO.pendingCertificationNumber);
    expect(organic).toBeDefined();
    expect(organic!.document).toBe("none");
    expect(organic!.verifiable).toBe(false);
    expect(organic!.products.length).toBeGreaterThan(0);
    expect(items.every((item) => !("document_key" in item) || (item as { document_key?: unknown }).document_key === undefined)).toBe(true);
  });

  it("verifies it: reviewer and time are kept, and it is shown to shoppers at once", async () => {
    const cert = await db().selectFrom("certifications").selectAll().where("number", "=", DEMO.pendingCertificationNumber).executeTakeFirstOrThrow();
    expect(isShownToShoppers(cert, chinaToday())).toBe(false);
    // The seed sends it without a document; the cooperative uploads one first.
    await db().updateTable("certifications").set({ document_key: await storeDocument(tinyPdf()) }).where("id", "=", cert.id).execute();
    const response = await decide({ kind: "certification", id: String(cert.id), decision: "verified", note: "" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/staff/reviews?done=verified");
    const after = await db().selectFrom("certifications").selectAll().where("id", "=", cert.id).executeTakeFirstOrThrow();
    const reviewer = await db().selectFrom("users").select("id").where("email", "=", staff).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "verified", reviewer_id: reviewer.id, review_note: null });
    expect(after.reviewed_at).toBeInstanceOf(Date);
    expect(isShownToShoppers(after, chinaToday())).toBe(true);

    // Only pending rows can be decided: a second decision is refused and changes nothing.
    const again = await decide({ kind: "certification", id: String(cert.id), decision: "rejected", note: "too late" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ formError: "errors.alreadyDecided" });
    expect((await db().selectFrom("certifications").select("status").where("id", "=", cert.id).executeTakeFirstOrThrow()).status).toBe("verified");

    const page = await loader({ request: await getRequest("/staff/reviews", { email: staff }), params: {}, context: testContext });
    const { recent } = (await page.json()) as { recent: { id: number; kind: string; reviewer_email: string }[] };
    expect(recent.find((item) => item.kind === "certification" && item.id === cert.id)).toMatchObject({ reviewer_email: staff });
  });

  it("needs a note to reject, and keeps it", async () => {
    const cooperative = await createCooperative(db());
    const brand = await db()
      .insertInto("brands")
      .values({
        cooperative_id: cooperative.id,
        name: "山水测试",
        registration_number: String(900000000 + Math.floor(Math.random() * 99_999_999)).slice(0, 9),
        nice_class: 31,
        registrant: cooperative.name_zh,
        registered_on: "2020-01-01",
        expires_on: "2030-01-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const noNote = await decide({ kind: "brand", id: String(brand.id), decision: "rejected", note: "  " });
    expect(noNote.status).toBe(400);
    expect(await noNote.json()).toMatchObject({ target: `brand:${brand.id}`, fieldErrors: { note: "errors.noteRequired" } });
    const rejected = await decide({ kind: "brand", id: String(brand.id), decision: "rejected", note: "注册证书图片看不清，请重新上传" });
    expect(rejected.status).toBe(302);
    expect(await db().selectFrom("brands").select(["status", "review_note"]).where("id", "=", brand.id).executeTakeFirstOrThrow()).toEqual({
      status: "rejected",
      review_note: "注册证书图片看不清，请重新上传",
    });
    expect((await decide({ kind: "brand", id: "999999999", decision: "verified" })).status).toBe(404);
    expect((await decide({ kind: "product", id: "1", decision: "verified" })).status).toBe(400);
  });

  it("two reviewers at once: one decision wins, the other is told", async () => {
    const cooperative = await createCooperative(db());
    const cert = await db()
      .insertInto("certifications")
      .values({ cooperative_id: cooperative.id, type: "green_food", number: unique("LB-"), issuing_body: "中国绿色食品发展中心", issued_on: "2025-01-01", expires_on: "2028-01-01", document_key: await storeDocument(tinyPdf()) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const results = await Promise.all([
      decide({ kind: "certification", id: String(cert.id), decision: "verified" }),
      decide({ kind: "certification", id: String(cert.id), decision: "rejected", note: "不符合" }, DEMO_ACCOUNTS.admin),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 409]);
  });
});

describe("review documents", () => {
  async function fetchDocument(kind: string, id: string, email = staff) {
    return settle(async () => documentLoader({ request: await getRequest(`/staff/reviews/document/${kind}/${id}`, { email }), params: { kind, id }, context: testContext }));
  }

  it("serves the stored file inline with its stored type and nosniff, to staff only", async () => {
    const bytes = tinyPdf();
    const key = await storeDocument(bytes);
    const cooperative = await createCooperative(db());
    const cert = await db()
      .insertInto("certifications")
      .values({ cooperative_id: cooperative.id, type: "organic", number: unique("OFDC-"), issuing_body: "南京国环有机产品认证中心", issued_on: "2025-01-01", expires_on: "2028-01-01", document_key: key })
      .returning("id")
      .executeTakeFirstOrThrow();

    const response = await fetchDocument("certification", String(cert.id));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Disposition")).toMatch(/^inline;/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);

    const { pending: items } = await pending();
    expect(items.find((item) => item.kind === "certification" && item.id === cert.id)?.document).toBe("pdf");

    expect((await fetchDocument("certification", String(cert.id), DEMO_ACCOUNTS.fengjie)).status).toBe(403);
    expect((await fetchDocument("certification", "abc")).status).toBe(404);
    expect((await fetchDocument("users", String(cert.id))).status).toBe(404);
  });

  it("answers 404 for a row without a document or whose file is gone; a key of another form cannot be stored", async () => {
    const cooperative = await createCooperative(db());
    const key = await storeDocument(tinyPdf());
    rmSync(path.join(getEnv().uploadsDir, "documents", key));
    const cert = await db()
      .insertInto("certifications")
      .values({ cooperative_id: cooperative.id, type: "organic", number: unique("OFDC-"), issuing_body: "x", issued_on: "2025-01-01", expires_on: "2028-01-01", document_key: key })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await fetchDocument("certification", String(cert.id))).status).toBe(404);
    await db().updateTable("certifications").set({ document_key: null }).where("id", "=", cert.id).execute();
    expect((await fetchDocument("certification", String(cert.id))).status).toBe(404);
    await expect(db().updateTable("certifications").set({ document_key: "../../etc/passwd" }).where("id", "=", cert.id).execute()).rejects.toThrow();
  });
});
