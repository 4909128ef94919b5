import { beforeAll, describe, expect, it } from "vitest";
import { createCertification, createProduct, createUser } from "~/seed/factories.server";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { carryOverRenewalLinks } from "~/models/certification.server";
import { action as brandsAction, loader as brandsLoader } from "~/routes/coop.brands";
import { action as certificationsAction, loader as certificationsLoader } from "~/routes/coop.certifications";
import { loader as documentLoader } from "~/routes/coop.documents.$key";
import { addDays, chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getRequest } from "../support/auth";
import { HTML_AS_JPEG, multipartRequest, pdfZipPolyglot, storedFiles, tinyPdf, tinyPng, tinyZip, useTemporaryUploadsDir, type UploadPart } from "../support/uploads";
import { body, call, FENGJIE, fengjieId, load, tableCounts, WUSHAN, wushanId } from "./coop-support";

useTemporaryUploadsDir();

let fengjie: number;
let wushan: number;
beforeAll(async () => {
  fengjie = await fengjieId();
  wushan = await wushanId();
});

let counter = 0;
function brandFields(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  return {
    name: "白帝红",
    registration_number: String(88_000_000 + counter),
    nice_class: "31",
    registrant: "奉节县脐橙专业合作社",
    registered_on: "2021-03-14",
    expires_on: "2031-03-13",
    ...overrides,
  };
}

function certificateFields(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  return {
    type: "organic",
    number: `CQC-OG-TEST-${counter}`,
    issuing_body: "中国质量认证中心",
    scope_zh: "脐橙",
    issued_on: addDays(chinaToday(), -10),
    expires_on: addDays(chinaToday(), 355),
    ...overrides,
  };
}

const pdf = (): UploadPart => ({ name: "document", filename: "certificate.pdf", contentType: "application/pdf", bytes: tinyPdf() });

async function submit(handler: typeof brandsAction, url: string, fields: Record<string, string>, document: UploadPart | null = pdf(), email = FENGJIE) {
  return call(handler, await multipartRequest(url, { email, fields, files: document ? [document] : [] }));
}

async function documentAs(key: string, email?: string) {
  return call(documentLoader, await getRequest(`/coop/documents/${key}`, email ? { email } : {}), { key });
}

describe("brands", () => {
  it("submits a brand with its certificate for staff to check; the document is only for the cooperative and staff", async () => {
    const fields = brandFields();
    const response = await submit(brandsAction, "/coop/brands", fields);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/coop/brands?notice=brandSubmitted");
    const brand = await db().selectFrom("brands").selectAll().where("registration_number", "=", fields.registration_number!).executeTakeFirstOrThrow();
    expect(brand).toMatchObject({ cooperative_id: fengjie, status: "pending", nice_class: 31, name: "白帝红", document_key: expect.stringMatching(/^[a-f0-9]{32}\.pdf$/) });
    expect(storedFiles()).toContain(`documents/${brand.document_key}`);

    const own = await documentAs(brand.document_key!, FENGJIE);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(own.headers.get("Content-Disposition")).toMatch(/^attachment/);
    expect(Buffer.from(await own.arrayBuffer()).equals(tinyPdf())).toBe(true);
    expect((await documentAs(brand.document_key!, DEMO_ACCOUNTS.staff)).status).toBe(200);
    expect((await documentAs(brand.document_key!, WUSHAN)).status).toBe(404);
    expect((await documentAs(brand.document_key!, DEMO_ACCOUNTS.shopper)).status).toBe(403);
    const anonymous = await documentAs(brand.document_key!);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?/);
    expect((await documentAs("../session-secret", FENGJIE)).status).toBe(404);

    const listed = await body<{ brands: { id: number; state: string }[] }>(await load(brandsLoader, "/coop/brands", FENGJIE));
    expect(listed.brands).toContainEqual(expect.objectContaining({ id: brand.id, state: "pending" }));
    const wushanList = await body<{ brands: { id: number }[] }>(await load(brandsLoader, "/coop/brands", WUSHAN));
    expect(wushanList.brands.map((b) => b.id)).not.toContain(brand.id);
  });

  it.each([
    ["a ZIP named .pdf", { name: "document", filename: "trademark.pdf", contentType: "application/pdf", bytes: tinyZip() }, "upload.zipDisguisedAsPdf"],
    ["a PDF that is also a ZIP", { name: "document", filename: "trademark.pdf", contentType: "application/pdf", bytes: pdfZipPolyglot() }, "upload.zipDisguisedAsPdf"],
    ["HTML named .pdf", { name: "document", filename: "trademark.pdf", contentType: "application/pdf", bytes: HTML_AS_JPEG }, "upload.notADocument"],
    ["an 11 MB scan", { name: "document", filename: "scan.png", contentType: "image/png", bytes: Buffer.alloc(11 * 1024 * 1024, 1) }, "upload.documentTooLarge"],
  ])("refuses %s, keeping the typed fields and storing nothing", async (_name, document, message) => {
    const before = { files: storedFiles(), counts: await tableCounts() };
    const fields = brandFields();
    const response = await submit(brandsAction, "/coop/brands", fields, document as UploadPart);
    expect(response.status).toBe(400);
    const data = await body<{ errors: Record<string, string>; values: Record<string, string> }>(response);
    expect(data.errors.document).toBe(message);
    expect(data.values).toMatchObject(fields);
    expect(storedFiles()).toEqual(before.files);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it("refuses a registration already in the shop and bad fields, deleting the document it had stored", async () => {
    const before = { files: storedFiles(), counts: await tableCounts() };
    const taken = await submit(brandsAction, "/coop/brands", brandFields({ registration_number: "71234567", nice_class: "31" }));
    expect(taken.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(taken)).errors).toEqual({ registration_number: "brandTaken" });
    const bad = await submit(brandsAction, "/coop/brands", brandFields({ registration_number: "TM12", nice_class: "46", expires_on: "2020-01-01" }));
    expect(bad.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(bad)).errors).toMatchObject({ registration_number: "registrationNumber", nice_class: "numberTooLarge" });
    // A bad file is reported together with the bad fields, not after they are fixed.
    const both = await submit(brandsAction, "/coop/brands", brandFields({ registration_number: "TM12" }), { ...pdf(), bytes: tinyZip() });
    expect((await body<{ errors: Record<string, string> }>(both)).errors).toEqual({ registration_number: "registrationNumber", document: "upload.zipDisguisedAsPdf" });
    const noDocument = await submit(brandsAction, "/coop/brands", brandFields(), null);
    expect((await body<{ errors: Record<string, string> }>(noDocument)).errors).toEqual({ document: "upload.missingFile" });
    expect(storedFiles()).toEqual(before.files);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it("shows the reviewer's note on a rejected brand and takes a resubmission back to pending", async () => {
    const fields = brandFields();
    await submit(brandsAction, "/coop/brands", fields);
    const brand = await db().selectFrom("brands").selectAll().where("registration_number", "=", fields.registration_number!).executeTakeFirstOrThrow();
    await db().updateTable("brands").set({ status: "rejected", review_note: "注册证已过期 The registration shown has lapsed.", reviewed_at: new Date() }).where("id", "=", brand.id).execute();

    const page = await body<{ brands: { id: number; state: string; review_note: string }[]; editing: { id: number } | null }>(
      await load(brandsLoader, `/coop/brands?edit=${brand.id}`, FENGJIE),
    );
    expect(page.brands.find((b) => b.id === brand.id)).toMatchObject({ state: "rejected", review_note: expect.stringContaining("lapsed") });
    expect(page.editing?.id).toBe(brand.id);

    // Resubmitted with a new scan (PNG this time); the old document goes.
    const response = await submit(brandsAction, "/coop/brands", { ...fields, brand_id: String(brand.id), expires_on: "2032-03-13" }, {
      name: "document",
      filename: "new.png",
      contentType: "image/png",
      bytes: await tinyPng(),
    });
    expect(response.status).toBe(302);
    const after = await db().selectFrom("brands").selectAll().where("id", "=", brand.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: "pending", review_note: null, reviewed_at: null, expires_on: "2032-03-13", document_key: expect.stringMatching(/\.png$/) });
    expect(storedFiles()).not.toContain(`documents/${brand.document_key}`);
    expect(storedFiles()).toContain(`documents/${after.document_key}`);

    // Once verified it is locked.
    await db().updateTable("brands").set({ status: "verified", reviewed_at: new Date() }).where("id", "=", brand.id).execute();
    const locked = await submit(brandsAction, "/coop/brands", { ...fields, brand_id: String(brand.id), name: "改名" }, null);
    expect(locked.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(locked)).errors).toEqual({ form: "verifiedLocked" });
  });
});

describe("certificates", () => {
  it("submits a certificate and shows its state", async () => {
    const fields = certificateFields();
    const response = await submit(certificationsAction, "/coop/certifications", fields);
    expect(response.status).toBe(302);
    const certificate = await db().selectFrom("certifications").selectAll().where("number", "=", fields.number!).executeTakeFirstOrThrow();
    expect(certificate).toMatchObject({ cooperative_id: fengjie, type: "organic", status: "pending", replaces_id: null });
    const page = await body<{ certifications: { id: number; state: string }[] }>(await load(certificationsLoader, "/coop/certifications", FENGJIE));
    expect(page.certifications.find((c) => c.id === certificate.id)?.state).toBe("pending");
    const states = new Set(page.certifications.map((c) => c.state));
    // The seed gives Fengjie a verified, an expired and a pending certificate.
    expect([...states]).toEqual(expect.arrayContaining(["verified", "expired", "pending"]));
  });

  it("refuses a duplicate number, dates out of order and a forged document", async () => {
    const before = { files: storedFiles(), counts: await tableCounts() };
    const duplicate = await submit(certificationsAction, "/coop/certifications", certificateFields({ type: "green_food", number: "LB-18-2501234567A" }));
    expect((await body<{ errors: Record<string, string> }>(duplicate)).errors).toEqual({ number: "certificateTaken" });
    const dates = await submit(certificationsAction, "/coop/certifications", certificateFields({ expires_on: "2020-01-01" }));
    expect((await body<{ errors: Record<string, string> }>(dates)).errors).toMatchObject({ expires_on: "expiresBeforeStart" });
    const zip = await submit(certificationsAction, "/coop/certifications", certificateFields(), { ...pdf(), bytes: tinyZip() });
    expect((await body<{ errors: Record<string, string>; values: Record<string, string> }>(zip)).errors).toEqual({ document: "upload.zipDisguisedAsPdf" });
    expect(storedFiles()).toEqual(before.files);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it("renews a certificate: once staff verify the renewal, the old one's products are linked to it as well", async () => {
    const old = await createCertification(db(), {
      cooperative_id: fengjie,
      type: "green_food",
      status: "verified",
      issued_on: addDays(chinaToday(), -1000),
      expires_on: addDays(chinaToday(), 20),
    });
    const product = await createProduct(db(), {
      cooperative_id: fengjie,
      status: "active",
      description_en: "Certified green food oranges.",
      certificationIds: [old.id],
    });

    const page = await body<{ renewing: { id: number } | null }>(await load(certificationsLoader, `/coop/certifications?renew=${old.id}`, FENGJIE));
    expect(page.renewing?.id).toBe(old.id);
    const fields = certificateFields({ type: "green_food", replaces_id: String(old.id) });
    const response = await submit(certificationsAction, "/coop/certifications", fields);
    expect(response.status).toBe(302);
    const renewal = await db().selectFrom("certifications").selectAll().where("number", "=", fields.number!).executeTakeFirstOrThrow();
    expect(renewal).toMatchObject({ replaces_id: old.id, status: "pending" });

    // Pending: nothing carried over yet.
    expect(await carryOverRenewalLinks(db(), { certificationId: renewal.id })).toBe(0);
    // What the staff review does on verification, in one transaction.
    const added = await db().transaction().execute(async (trx) => {
      await trx.updateTable("certifications").set({ status: "verified", reviewed_at: new Date() }).where("id", "=", renewal.id).execute();
      return carryOverRenewalLinks(trx, { certificationId: renewal.id });
    });
    expect(added).toBe(1);
    const links = await db().selectFrom("product_certifications").select("certification_id").where("product_id", "=", product.id).execute();
    expect(links.map((l) => l.certification_id).sort()).toEqual([old.id, renewal.id].sort());
    // Running it again changes nothing; the product stayed on sale throughout.
    expect(await carryOverRenewalLinks(db(), { certificationId: renewal.id })).toBe(0);
    expect((await db().selectFrom("products").select("status").where("id", "=", product.id).executeTakeFirstOrThrow()).status).toBe("active");
  });

  it("refuses a renewal of another type, and of another cooperative's certificate", async () => {
    const old = await createCertification(db(), { cooperative_id: fengjie, type: "green_food", status: "verified" });
    const otherType = await submit(certificationsAction, "/coop/certifications", certificateFields({ type: "organic", replaces_id: String(old.id) }));
    expect((await body<{ errors: Record<string, string> }>(otherType)).errors).toEqual({ replaces_id: "replacesOtherType" });

    const theirs = await createCertification(db(), { cooperative_id: wushan, type: "organic", status: "verified" });
    const before = { files: storedFiles(), counts: await tableCounts() };
    const response = await submit(certificationsAction, "/coop/certifications", certificateFields({ replaces_id: String(theirs.id) }));
    expect(response.status).toBe(404);
    expect(storedFiles()).toEqual(before.files);
    expect(await tableCounts()).toEqual(before.counts);
  });

  it("resubmits a rejected certificate; a verified one is locked; another cooperative's is not found", async () => {
    const rejected = await db()
      .selectFrom("certifications")
      .selectAll()
      .where("cooperative_id", "=", wushan)
      .where("status", "=", "rejected")
      .executeTakeFirstOrThrow();
    const fields = {
      certification_id: String(rejected.id),
      type: rejected.type,
      number: rejected.number,
      issuing_body: rejected.issuing_body,
      scope_zh: rejected.scope_zh,
      scope_en: rejected.scope_en,
      issued_on: rejected.issued_on,
      expires_on: rejected.expires_on,
    };
    // Fengjie cannot touch Wushan's record.
    const before = await db().selectFrom("certifications").selectAll().where("id", "=", rejected.id).executeTakeFirstOrThrow();
    expect((await submit(certificationsAction, "/coop/certifications", fields, pdf(), FENGJIE)).status).toBe(404);
    expect(await db().selectFrom("certifications").selectAll().where("id", "=", rejected.id).executeTakeFirstOrThrow()).toEqual(before);
    expect((await load(certificationsLoader, `/coop/certifications?edit=${rejected.id}`, FENGJIE)).status).toBe(404);

    // Wushan can, and the note is cleared with the status back to pending.
    const response = await submit(certificationsAction, "/coop/certifications", fields, pdf(), WUSHAN);
    expect(response.status).toBe(302);
    expect(await db().selectFrom("certifications").selectAll().where("id", "=", rejected.id).executeTakeFirstOrThrow()).toMatchObject({
      status: "pending",
      review_note: null,
    });

    const verified = await createCertification(db(), { cooperative_id: fengjie, type: "other", status: "verified" });
    const locked = await submit(certificationsAction, "/coop/certifications", { ...certificateFields({ type: "other" }), certification_id: String(verified.id) }, null);
    expect((await body<{ errors: Record<string, string> }>(locked)).errors).toEqual({ form: "verifiedLocked" });
  });

  it("any staff account can read documents, with or without a membership", async () => {
    const key = (await db().selectFrom("brands").select("document_key").where("cooperative_id", "=", fengjie).where("document_key", "is not", null).executeTakeFirstOrThrow()).document_key!;
    const staff = await createUser(db(), { role: "staff" });
    expect((await documentAs(key, staff.email)).status).toBe(200);
  });
});
