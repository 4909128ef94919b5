import { rmSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { down as dropKeyCheck, up as migrateDocumentKeys } from "~db/migrations/2026_12_02_0002_document_keys";
import { action as brandsAction } from "~/routes/coop.brands";
import { action as certificationsAction } from "~/routes/coop.certifications";
import { loader as coopDocumentLoader } from "~/routes/coop.documents.$key";
import { action as reviewAction, loader as reviewLoader } from "~/routes/staff.reviews";
import { loader as documentLoader } from "~/routes/staff.reviews.document.$kind.$id";
import { checkDocument, storage } from "~/services/uploads.server";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { securityHeaders } from "~/utils/security-headers.server";
import { multipartRequest, storedFiles, tinyJpeg, tinyPdf, tinyPng, useTemporaryUploadsDir, type UploadPart } from "../support/uploads";
import { body, call, FENGJIE, fengjieId, load, post, tableCounts } from "./coop-support";

// Issue 12.2 and 13.8: what a cooperative uploads is what staff see and decide on, one stored
// key form for both views, no verification without a readable document, and documents held
// to the pixel limit product pictures meet.

useTemporaryUploadsDir();
const STAFF: string = DEMO_ACCOUNTS.staff;

let fengjie: number;
beforeAll(async () => {
  fengjie = await fengjieId();
});

let counter = 0;
function certificateFields(): Record<string, string> {
  counter += 1;
  return {
    type: "green_food",
    number: `LB-REVIEW-${process.pid}-${counter}`,
    issuing_body: "中国绿色食品发展中心",
    scope: "脐橙",
    issued_on: addDays(chinaToday(), -10),
    expires_on: addDays(chinaToday(), 700),
  };
}
function brandFields(): Record<string, string> {
  counter += 1;
  return {
    name: "诗城红",
    registration_number: String(77_000_000 + process.pid * 10 + counter).slice(-8),
    nice_class: "31",
    registrant: "奉节县脐橙专业合作社",
    registered_on: "2021-03-14",
    expires_on: "2031-03-13",
  };
}

const pdfPart = (bytes: Uint8Array = tinyPdf()): UploadPart => ({ name: "document", filename: "证书.pdf", contentType: "application/pdf", bytes });
const pngPart = (bytes: Uint8Array): UploadPart => ({ name: "document", filename: "scan.png", contentType: "image/png", bytes });

async function submitCertificate(document: UploadPart | null = pdfPart()) {
  const fields = certificateFields();
  const response = await call(certificationsAction, await multipartRequest("/coop/certifications", { email: FENGJIE, fields, files: document ? [document] : [] }));
  return { response, number: fields.number! };
}

async function submitBrand(document: UploadPart) {
  const fields = brandFields();
  const response = await call(brandsAction, await multipartRequest("/coop/brands", { email: FENGJIE, fields, files: [document] }));
  return { response, registration: fields.registration_number! };
}

interface PendingItem {
  kind: string;
  id: number;
  document: string;
  verifiable: boolean;
  document_key?: string;
}
async function pendingItems(): Promise<PendingItem[]> {
  return (await body<{ pending: PendingItem[] }>(await load(reviewLoader, "/staff/reviews", STAFF))).pending;
}

async function staffDocument(kind: string, id: number, query = "", email = STAFF) {
  return load(documentLoader, `/staff/reviews/document/${kind}/${id}${query}`, email, { kind, id: String(id) });
}

async function decide(kind: string, id: number, decision: "verified" | "rejected", note = "") {
  return post(reviewAction, "/staff/reviews", STAFF, { kind, id: String(id), decision, note });
}

async function certificateByNumber(number: string) {
  return db().selectFrom("certifications").selectAll().where("number", "=", number).executeTakeFirstOrThrow();
}

/** A real PNG made by sharp, its header then rewritten to claim `width` × `height` pixels. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ffffff" } }).toColourspace("b-w").png().toBuffer());
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), …, CRC over type and data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe("a cooperative's upload is what staff review", () => {
  it("shows the PDF certificate and the JPEG trademark document the Fengjie member sent, and serves the same bytes to both", async () => {
    const certificate = await submitCertificate();
    expect(certificate.response.status).toBe(302);
    const jpeg = await tinyJpeg(120, 90);
    const brand = await submitBrand({ name: "document", filename: "商标注册证.jpg", contentType: "image/jpeg", bytes: jpeg });
    expect(brand.response.status).toBe(302);

    const cert = await certificateByNumber(certificate.number);
    const brandRow = await db().selectFrom("brands").selectAll().where("registration_number", "=", brand.registration).executeTakeFirstOrThrow();
    // One stored form, as the upload code writes it.
    expect(cert.document_key).toMatch(/^[a-f0-9]{32}\.pdf$/);
    expect(brandRow.document_key).toMatch(/^[a-f0-9]{32}\.jpg$/);

    const items = await pendingItems();
    expect(items.find((item) => item.kind === "certification" && item.id === cert.id)).toMatchObject({ document: "pdf", verifiable: true });
    expect(items.find((item) => item.kind === "brand" && item.id === brandRow.id)).toMatchObject({ document: "image", verifiable: true });
    expect(items.every((item) => item.document_key === undefined)).toBe(true);

    const pdf = await staffDocument("certification", cert.id);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toBe(`inline; filename="certification-${cert.id}.pdf"`);
    expect(pdf.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const csp = pdf.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toMatch(/(^|; )sandbox(;|$)/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    const pdfBytes = Buffer.from(await pdf.arrayBuffer());
    expect(pdfBytes.equals(tinyPdf())).toBe(true);

    const download = await staffDocument("certification", cert.id, "?download=1");
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment; filename="certification-\d+\.pdf"$/);

    const image = await staffDocument("brand", brandRow.id);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/jpeg");
    expect(image.headers.get("Content-Disposition")).toMatch(/^inline;/);
    const imageBytes = Buffer.from(await image.arrayBuffer());
    expect(imageBytes.equals(jpeg)).toBe(true);

    // The cooperative's own "查看文件" opens the very same stored file.
    const own = await load(coopDocumentLoader, `/coop/documents/${cert.document_key}`, FENGJIE, { key: cert.document_key! });
    expect(Buffer.from(await own.arrayBuffer()).equals(pdfBytes)).toBe(true);
    expect(own.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    const ownImage = await load(coopDocumentLoader, `/coop/documents/${brandRow.document_key}`, FENGJIE, { key: brandRow.document_key! });
    expect(Buffer.from(await ownImage.arrayBuffer()).equals(imageBytes)).toBe(true);

    // Still staff only.
    expect((await staffDocument("certification", cert.id, "", FENGJIE)).status).toBe(403);
  });

  it("lets only the shop's own pages frame the document route, and nothing else at all", () => {
    const headers = (path?: string) => securityHeaders({ nonce: "n", https: false, formActionOrigins: [], path });
    for (const path of ["/staff/reviews/document/certification/12", "/staff/reviews/document/brand/7"]) {
      expect(headers(path)["Content-Security-Policy"]).toContain("frame-ancestors 'self'");
      expect(headers(path)["Content-Security-Policy"]).not.toContain("frame-ancestors 'none'");
      expect(headers(path)["X-Frame-Options"]).toBe("SAMEORIGIN");
    }
    for (const path of [
      undefined,
      "/",
      "/staff/reviews",
      "/staff/reviews/document/brand/7/",
      "/staff/reviews/document/brand/7/x",
      "/staff/reviews/document/users/7",
      "/staff/reviews/document/brand/../../../login",
      "/x/staff/reviews/document/brand/7",
      `/coop/documents/${"a".repeat(32)}.pdf`,
      "/login",
      "/products",
    ]) {
      expect(headers(path)["Content-Security-Policy"], String(path)).toContain("frame-ancestors 'none'");
      expect(headers(path)["X-Frame-Options"], String(path)).toBe("DENY");
    }
  });
});

describe("no verification without a readable document", () => {
  it("disables and refuses approval of a certificate without a document, and of one whose file is gone; rejection still works", async () => {
    const withDocument = await submitCertificate();
    const withoutDocument = await db()
      .insertInto("certifications")
      .values({ cooperative_id: fengjie, type: "organic", number: `OFDC-NODOC-${process.pid}`, issuing_body: "中绿华夏有机产品认证中心", issued_on: "2025-01-01", expires_on: "2028-01-01" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const gone = await certificateByNumber(withDocument.number);
    rmSync(path.join(getEnv().uploadsDir, "documents", gone.document_key!));

    const items = await pendingItems();
    expect(items.find((item) => item.kind === "certification" && item.id === withoutDocument.id)).toMatchObject({ document: "none", verifiable: false });
    expect(items.find((item) => item.kind === "certification" && item.id === gone.id)).toMatchObject({ document: "missing", verifiable: false });
    expect((await staffDocument("certification", gone.id)).status).toBe(404);

    for (const id of [withoutDocument.id, gone.id]) {
      const refused = await decide("certification", id, "verified");
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ target: `certification:${id}`, formError: "errors.noReadableDocument" });
      expect(await db().selectFrom("certifications").select(["status", "reviewer_id", "reviewed_at"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({
        status: "pending",
        reviewer_id: null,
        reviewed_at: null,
      });
    }

    const rejected = await decide("certification", withoutDocument.id, "rejected", "请上传证书扫描件");
    expect(rejected.status).toBe(302);
    expect((await db().selectFrom("certifications").select("status").where("id", "=", withoutDocument.id).executeTakeFirstOrThrow()).status).toBe("rejected");
    // Unknown records are still 404, decided ones still 409 "already decided".
    expect((await decide("certification", 999_999_999, "verified")).status).toBe(404);
    expect(await (await decide("certification", withoutDocument.id, "verified")).json()).toMatchObject({ formError: "errors.alreadyDecided" });
  });

  it("verifies a brand whose document staff can open", async () => {
    const brand = await submitBrand(pngPart(await tinyPng()));
    expect(brand.response.status).toBe(302);
    const row = await db().selectFrom("brands").selectAll().where("registration_number", "=", brand.registration).executeTakeFirstOrThrow();
    const response = await decide("brand", row.id, "verified");
    expect(response.status).toBe(302);
    expect((await db().selectFrom("brands").select("status").where("id", "=", row.id).executeTakeFirstOrThrow()).status).toBe("verified");
  });
});

describe("documents are held to the pixel limit of pictures", () => {
  it("refuses a 30000 × 30000 PNG certificate of a few kB with the pictures' message, storing nothing", async () => {
    const bomb = await pngClaiming(30_000, 30_000);
    expect(bomb.byteLength).toBeLessThan(10_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 30_000, height: 30_000, format: "png" });

    const before = { files: storedFiles(), counts: await tableCounts() };
    const { response } = await submitCertificate(pngPart(bomb));
    expect(response.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(response)).errors).toEqual({ document: "upload.imageTooBig" });
    const brand = await submitBrand(pngPart(bomb));
    expect((await body<{ errors: Record<string, string> }>(brand.response)).errors).toEqual({ document: "upload.imageTooBig" });
    expect(storedFiles()).toEqual(before.files);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it("never puts a picture stored before the limit in an <img>: not verifiable, only ever downloaded", async () => {
    const key = `${"9f".repeat(16)}.png`;
    await storage().put(`documents/${key}`, await pngClaiming(30_000, 30_000));
    const cert = await db()
      .insertInto("certifications")
      .values({ cooperative_id: fengjie, type: "green_food", number: `LB-OLD-${process.pid}`, issuing_body: "中国绿色食品发展中心", issued_on: "2025-01-01", expires_on: "2028-01-01", document_key: key })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await pendingItems()).find((item) => item.kind === "certification" && item.id === cert.id)).toMatchObject({ document: "unsafe", verifiable: false });
    expect((await decide("certification", cert.id, "verified")).status).toBe(409);
    const served = await staffDocument("certification", cert.id);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    const own = await load(coopDocumentLoader, `/coop/documents/${key}`, FENGJIE, { key });
    expect(own.headers.get("Content-Disposition")).toMatch(/^attachment;/);
  });

  it("judges a real picture by the same 40-megapixel line as product pictures", async () => {
    // 7000 × 7000 = 49 megapixels, drawn in full by sharp, 60 kB of PNG.
    const large = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: "#ffffff" } }).toColourspace("b-w").png({ compressionLevel: 9, adaptiveFiltering: false }).toBuffer();
    expect(await checkDocument(large)).toEqual({ problem: "imageTooBig" });
    expect(await checkDocument(await tinyJpeg(1600, 1200))).toEqual({ ext: "jpg" });
    expect(await checkDocument(await pngClaiming(6000, 6000))).toEqual({ ext: "png" });
    expect(await checkDocument(await pngClaiming(6000, 7000))).toEqual({ problem: "imageTooBig" });
    expect(await checkDocument(tinyPdf())).toEqual({ ext: "pdf" });
  });
});

describe("migration 2026_12_02_0002_document_keys", () => {
  it("gives every stored key the one form, clears keys that name no file, and keeps it so", async () => {
    // The rows as the old review code wrote them, before the CHECK existed.
    await dropKeyCheck(db());
    const hex = "0123456789abcdef".repeat(2);
    const { response, number } = await submitCertificate();
    expect(response.status).toBe(302);
    const uploaded = await certificateByNumber(number);
    const folderKey = `documents/${uploaded.document_key}`;
    await db().updateTable("certifications").set({ document_key: folderKey }).where("id", "=", uploaded.id).execute();
    const insert = (document_key: string | null, suffix: string) =>
      db()
        .insertInto("certifications")
        .values({ cooperative_id: fengjie, type: "other", number: `MIG-${process.pid}-${suffix}`, issuing_body: "x", issued_on: "2025-01-01", expires_on: "2028-01-01", document_key })
        .returning("id")
        .executeTakeFirstOrThrow();
    const traversal = await insert("../../etc/passwd", "a");
    const canonical = await insert(`${hex}.png`, "b");
    const none = await insert(null, "c");
    const oddFolder = await insert(`documents/${hex}.exe`, "d");
    const brand = await db()
      .insertInto("brands")
      .values({ cooperative_id: fengjie, name: "迁移测试", registration_number: "66012345", nice_class: 30, registrant: "x", registered_on: "2020-01-01", expires_on: "2030-01-01", document_key: `documents/${hex}.jpg` })
      .returning("id")
      .executeTakeFirstOrThrow();

    // Before the migration the staff view cannot find the uploaded file.
    expect((await staffDocument("certification", uploaded.id)).status).toBe(404);

    await migrateDocumentKeys(db());

    const key = async (id: number) => (await db().selectFrom("certifications").select("document_key").where("id", "=", id).executeTakeFirstOrThrow()).document_key;
    expect(await key(uploaded.id)).toBe(uploaded.document_key);
    expect(await key(traversal.id)).toBeNull();
    expect(await key(canonical.id)).toBe(`${hex}.png`);
    expect(await key(none.id)).toBeNull();
    expect(await key(oddFolder.id)).toBeNull();
    expect((await db().selectFrom("brands").select("document_key").where("id", "=", brand.id).executeTakeFirstOrThrow()).document_key).toBe(`${hex}.jpg`);

    // The uploaded file is found again, by staff and by its cooperative alike.
    const served = await staffDocument("certification", uploaded.id);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(tinyPdf())).toBe(true);

    // And no other form can be written again.
    for (const bad of [`documents/${hex}.pdf`, "../../etc/passwd", `${hex}.PDF`, `${hex}.pdf/`]) {
      await expect(db().updateTable("certifications").set({ document_key: bad }).where("id", "=", none.id).execute()).rejects.toThrow(/document_key_form|check constraint/i);
      await expect(db().updateTable("brands").set({ document_key: bad }).where("id", "=", brand.id).execute()).rejects.toThrow(/document_key_form|check constraint/i);
    }
  });
});
