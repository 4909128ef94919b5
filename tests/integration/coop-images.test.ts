import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "~/seed/factories.server";
import { db } from "~/utils/db.server";
import { action as imagesAction, loader as imagesLoader } from "~/routes/coop.products.$id_.images";
import { loader as imageFileLoader } from "~/routes/uploads.images.$file";
import { getRequest } from "../support/auth";
import {
  HTML_AS_JPEG,
  multipartRequest,
  oversizedJpeg,
  storedFiles,
  SVG_AS_JPEG,
  tinyJpeg,
  tinyPng,
  tinyWebp,
  tinyZip,
  useTemporaryUploadsDir,
  type UploadPart,
} from "../support/uploads";
import { body, call, FENGJIE, fengjieId, load, post, WUSHAN } from "./coop-support";

useTemporaryUploadsDir();

let productId: number;
let url: string;
let params: Record<string, string>;

beforeAll(async () => {
  const product = await createProduct(db(), { cooperative_id: await fengjieId(), status: "draft" });
  productId = product.id;
  url = `/coop/products/${productId}/images`;
  params = { id: String(productId) };
});

const alt = { alt_zh: "筐里熟透的脐橙", alt_en: "Ripe navel oranges in a crate" };

function picture(bytes: Uint8Array, filename = "orange.jpg", contentType = "image/jpeg"): UploadPart {
  return { name: "file", filename, contentType, bytes };
}

async function upload(file: UploadPart | null, fields: Record<string, string> = alt, email = FENGJIE, target = url, targetParams = params) {
  const request = await multipartRequest(target, { email, fields, files: file ? [file] : [], filesFirst: true });
  return call(imagesAction, request, targetParams);
}

async function images(id = productId) {
  return db().selectFrom("product_images").selectAll().where("product_id", "=", id).orderBy("position").orderBy("id").execute();
}

describe("uploading pictures", () => {
  it("stores a JPEG as three WebP renditions and a product_images row the catalogue can use", async () => {
    const response = await upload(picture(await tinyJpeg()));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${url}?notice=imageAdded`);
    const rows = await images();
    expect(rows).toEqual([expect.objectContaining({ position: 0, width: 1024, height: 768, ...alt, storage_key: expect.stringMatching(/^[a-f0-9]{32}$/) })]);
    const key = rows[0]!.storage_key;
    expect(storedFiles()).toEqual(expect.arrayContaining([`images/${key}-320.webp`, `images/${key}-640.webp`, `images/${key}-1024.webp`]));

    const served = await imageFileLoader({ request: await getRequest(`/uploads/images/${key}-640.webp`), params: { file: `${key}-640.webp` }, context: { cspNonce: "", clientAddress: "127.0.0.1" } });
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(await sharp(Buffer.from(await served.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 640, height: 480 });
  });

  it("keeps several pictures in order, moves them up and down, and removes them with their files", async () => {
    await upload(picture(await tinyPng(), "b.png", "image/png"), { alt_zh: "第二张", alt_en: "Second" });
    await upload(picture(await tinyWebp(), "c.webp", "image/webp"), { alt_zh: "第三张", alt_en: "Third" });
    let rows = await images();
    expect(rows.map((r) => r.alt_en)).toEqual([alt.alt_en, "Second", "Third"]);

    let response = await post(imagesAction, url, FENGJIE, { intent: "move", image_id: String(rows[2]!.id), direction: "up" }, params);
    expect(response.status).toBe(302);
    expect((await images()).map((r) => r.alt_en)).toEqual([alt.alt_en, "Third", "Second"]);
    await post(imagesAction, url, FENGJIE, { intent: "move", image_id: String(rows[0]!.id), direction: "down" }, params);
    rows = await images();
    expect(rows.map((r) => [r.alt_en, r.position])).toEqual([
      ["Third", 0],
      [alt.alt_en, 1],
      ["Second", 2],
    ]);
    // Moving the first one up changes nothing.
    await post(imagesAction, url, FENGJIE, { intent: "move", image_id: String(rows[0]!.id), direction: "up" }, params);
    expect((await images()).map((r) => r.id)).toEqual(rows.map((r) => r.id));

    response = await post(imagesAction, url, FENGJIE, { intent: "alt", image_id: String(rows[0]!.id), alt_zh: "", alt_en: "Third, renamed" }, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { alt_zh: "required" }, values: { alt_en: "Third, renamed" } });
    await post(imagesAction, url, FENGJIE, { intent: "alt", image_id: String(rows[0]!.id), alt_zh: "第三张", alt_en: "Third, renamed" }, params);
    expect((await images())[0]!.alt_en).toBe("Third, renamed");

    const removed = rows[2]!;
    await post(imagesAction, url, FENGJIE, { intent: "remove", image_id: String(removed.id) }, params);
    expect((await images()).map((r) => r.id)).not.toContain(removed.id);
    expect(storedFiles().some((file) => file.includes(removed.storage_key))).toBe(false);

    const data = await body<{ images: unknown[] }>(await load(imagesLoader, url, FENGJIE, params));
    expect(data.images).toHaveLength(2);
  });

  it("reports a forged file together with missing descriptions", async () => {
    const response = await upload(picture(HTML_AS_JPEG), { alt_zh: "", alt_en: "Oranges" });
    expect(response.status).toBe(400);
    expect((await body<{ errors: Record<string, string> }>(response)).errors).toEqual({ alt_zh: "required", file: "upload.notAnImage" });
  });

  it("requires alt text in Chinese (English is optional), keeping what was typed and storing nothing", async () => {
    const before = { files: storedFiles(), rows: await images() };
    const response = await upload(picture(await tinyJpeg()), { alt_zh: "  ", alt_en: "Navel oranges" });
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { alt_zh: "required" }, values: { alt_en: "Navel oranges" } });
    expect(storedFiles()).toEqual(before.files);
    expect(await images()).toEqual(before.rows);
  });
});

describe("forged and oversized uploads are refused with a clear message, and nothing is stored", () => {
  it.each([
    ["HTML renamed .jpg", () => picture(HTML_AS_JPEG, "photo.jpg", "image/jpeg"), "upload.notAnImage"],
    ["SVG renamed .jpg", () => picture(SVG_AS_JPEG, "photo.jpg", "image/jpeg"), "upload.notAnImage"],
    ["a ZIP renamed .png", () => picture(tinyZip(), "photo.png", "image/png"), "upload.notAnImage"],
    ["HTML named ../../x", () => picture(HTML_AS_JPEG, "../../x", "image/jpeg"), "upload.notAnImage"],
    ["a 6 MB picture", async () => picture(await oversizedJpeg()), "upload.imageTooLarge"],
    ["no file at all", () => null, "upload.missingFile"],
  ])("%s", async (_name, make, message) => {
    const before = { files: storedFiles(), rows: await images() };
    const response = await upload(await make());
    expect(response.status).toBe(400);
    const data = await body<{ errors: Record<string, string>; values: Record<string, string> }>(response);
    expect(data.errors.file).toBe(message);
    expect(data.values).toMatchObject(alt);
    expect(storedFiles()).toEqual(before.files);
    expect(await images()).toEqual(before.rows);
  });

  it("1,000 tiny parts", async () => {
    const before = { files: storedFiles(), rows: await images() };
    const fields: [string, string][] = [["alt_zh", alt.alt_zh], ...Array.from({ length: 1000 }, (_, i): [string, string] => [`p${i}`, "x"])];
    const request = await multipartRequest(url, { email: FENGJIE, fields, files: [picture(await tinyJpeg())] });
    const response = await call(imagesAction, request, params);
    expect(response.status).toBe(400);
    expect(await body(response)).toMatchObject({ errors: { form: "upload.tooManyParts" }, values: { alt_zh: alt.alt_zh } });
    expect(storedFiles()).toEqual(before.files);
    expect(await images()).toEqual(before.rows);
  });

  it("a real picture named ../../x is stored only under a generated name", async () => {
    const response = await upload(picture(await tinyJpeg(), "../../x.jpg"));
    expect(response.status).toBe(302);
    expect(storedFiles().every((file) => /^images\/[a-f0-9]{32}-(320|640|1024)\.webp$/.test(file))).toBe(true);
    // Nothing next to the uploads directory either.
    expect(storedFiles(path.dirname(process.env.UPLOADS_DIR!)).every((file) => file.startsWith("uploads/images/"))).toBe(true);
  });

  it("the image route serves nothing but generated names", async () => {
    for (const file of ["../../x", "..%2F..%2Fx", `${"a".repeat(32)}-640.webp`, "index.html", `${"a".repeat(32)}-640.webp.html`]) {
      const response = await call(imageFileLoader, await getRequest(`/uploads/images/${encodeURIComponent(file)}`), { file });
      expect(response.status, file).toBe(404);
    }
  });

  it("another cooperative's member cannot add to, move or remove this product's pictures", async () => {
    const before = { files: storedFiles(), rows: await images() };
    const response = await upload(picture(await tinyJpeg()), alt, WUSHAN);
    expect(response.status).toBe(404);
    const row = before.rows[0]!;
    const forms: Record<string, string>[] = [
      { intent: "move", image_id: String(row.id), direction: "down" },
      { intent: "remove", image_id: String(row.id) },
      { intent: "alt", image_id: String(row.id), alt_zh: "坏", alt_en: "bad" },
    ];
    for (const form of forms) {
      expect((await post(imagesAction, url, WUSHAN, form, params)).status).toBe(404);
    }
    expect((await load(imagesLoader, url, WUSHAN, params)).status).toBe(404);
    expect(storedFiles()).toEqual(before.files);
    expect(await images()).toEqual(before.rows);
  });

  it("a picture id of another product, even the member's own, is not found through this product", async () => {
    const other = await createProduct(db(), { cooperative_id: await fengjieId(), status: "draft" });
    const otherUrl = `/coop/products/${other.id}/images`;
    const row = (await images())[0]!;
    const response = await post(imagesAction, otherUrl, FENGJIE, { intent: "remove", image_id: String(row.id) }, { id: String(other.id) });
    expect(response.status).toBe(404);
    expect((await images()).map((r) => r.id)).toContain(row.id);
  });
});
