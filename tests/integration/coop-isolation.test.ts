import { beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "~db/seed-data/fixtures";
import { action as productAction, loader as productLoader } from "~/routes/coop.products.$id";
import { action as certificatesAction, loader as certificatesLoader } from "~/routes/coop.products.$id_.certificates";
import { action as variantsAction, loader as variantsLoader } from "~/routes/coop.products.$id_.variants";
import { action as brandsAction, loader as brandsLoader } from "~/routes/coop.brands";
import { action as certificationsAction, loader as certificationsLoader } from "~/routes/coop.certifications";
import { db } from "~/utils/db.server";
import { multipartRequest, storedFiles, tinyPdf, useTemporaryUploadsDir } from "../support/uploads";
import { call, FENGJIE, type Handler, fengjieId, load, navelOrange, post, productSnapshot, tableCounts, WUSHAN, wushanId } from "./coop-support";

// A Wushan member aims every form and URL of the portal at Fengjie's records: each one is
// "not found", and nothing in the database or the uploads directory changes.

useTemporaryUploadsDir();

let orange: Awaited<ReturnType<typeof navelOrange>>;
let orangeVariantId: number;
let plumId: number;
let fengjieBrandId: number;
let fengjieCertificateId: number;

async function everything() {
  const fengjie = await fengjieId();
  return {
    counts: await tableCounts(),
    orange: await productSnapshot(orange.id),
    plum: await productSnapshot(plumId),
    brands: await db().selectFrom("brands").selectAll().where("cooperative_id", "=", fengjie).orderBy("id").execute(),
    certifications: await db().selectFrom("certifications").selectAll().where("cooperative_id", "=", fengjie).orderBy("id").execute(),
    files: storedFiles(),
  };
}

beforeAll(async () => {
  orange = await navelOrange();
  orangeVariantId = (await db().selectFrom("variants").select("id").where("product_id", "=", orange.id).orderBy("id").executeTakeFirstOrThrow()).id;
  plumId = (await db().selectFrom("products").select("id").where("slug", "=", "wushan-crisp-plum").executeTakeFirstOrThrow()).id;
  const fengjie = await fengjieId();
  fengjieBrandId = (await db().selectFrom("brands").select("id").where("cooperative_id", "=", fengjie).orderBy("id").executeTakeFirstOrThrow()).id;
  fengjieCertificateId = (
    await db().selectFrom("certifications").select("id").where("cooperative_id", "=", fengjie).where("number", "=", DEMO.navelOrange.greenFood).executeTakeFirstOrThrow()
  ).id;
  expect(await wushanId()).not.toBe(fengjie);
});

describe("a member of another cooperative", () => {
  it("cannot see Fengjie's product pages", async () => {
    const params = { id: String(orange.id) };
    for (const [loader, url] of [
      [productLoader, `/coop/products/${orange.id}`],
      [variantsLoader, `/coop/products/${orange.id}/variants`],
      [certificatesLoader, `/coop/products/${orange.id}/certificates`],
    ] as const) {
      expect((await load(loader, url, WUSHAN, params)).status, url).toBe(404);
      expect((await load(loader, url, FENGJIE, params)).status, url).toBe(200);
    }
  });

  it("cannot change Fengjie's product through its URL", async () => {
    const before = await everything();
    const params = { id: String(orange.id) };
    const url = `/coop/products/${orange.id}`;
    const attempts: [Handler, string, Record<string, string>][] = [
      [productAction, url, { intent: "status", to: "archived" }],
      [productAction, url, { intent: "status", to: "draft" }],
      [
        productAction,
        url,
        {
          intent: "save",
          name_zh: "被改了",
          name_en: "Hijacked",
          description_zh: "",
          description_en: "",
          category_id: String(orange.category_id),
          brand_id: "",
          origin_county_zh: "巫山县",
          origin_county_en: "Wushan County",
          temperature_class: "ambient",
          shelf_life_days: "10",
          slug: "hijacked",
        },
      ],
      [variantsAction, `${url}/variants`, { intent: "add", sku: "WS-HIJACK-1", label_zh: "一", label_en: "One", weight_grams: "100", price: "1", stock: "1" }],
      [variantsAction, `${url}/variants`, { intent: "update", variant_id: String(orangeVariantId), sku: "WS-HIJACK-2", label_zh: "一", label_en: "One", weight_grams: "100", price: "1", active: "on" }],
      [variantsAction, `${url}/variants`, { intent: "stock", variant_id: String(orangeVariantId), direction: "remove", quantity: "1", reason: "x" }],
      [certificatesAction, `${url}/certificates`, { intent: "unlink", certification_id: String(fengjieCertificateId) }],
      [certificatesAction, `${url}/certificates`, { intent: "link", certification_id: String(fengjieCertificateId) }],
    ];
    for (const [action, target, form] of attempts) {
      const response = await post(action, target, WUSHAN, form, params);
      expect(response.status, `${target} ${form.intent}`).toBe(404);
    }
    expect(await everything()).toEqual(before);
  });

  it("cannot reach Fengjie's records through hidden fields on its own pages", async () => {
    const before = await everything();
    const params = { id: String(plumId) };
    const url = `/coop/products/${plumId}`;
    const attempts: [Handler, string, Record<string, string>][] = [
      // A Fengjie variant id in the hidden field of Wushan's own product form.
      [variantsAction, `${url}/variants`, { intent: "update", variant_id: String(orangeVariantId), sku: "FJ-NAVEL-5KG", label_zh: "一", label_en: "One", weight_grams: "100", price: "1", active: "on" }],
      [variantsAction, `${url}/variants`, { intent: "stock", variant_id: String(orangeVariantId), direction: "remove", quantity: "1", reason: "x" }],
      // A Fengjie certificate linked to Wushan's own product.
      [certificatesAction, `${url}/certificates`, { intent: "link", certification_id: String(fengjieCertificateId) }],
      [certificatesAction, `${url}/certificates`, { intent: "unlink", certification_id: String(fengjieCertificateId) }],
    ];
    for (const [action, target, form] of attempts) {
      const response = await post(action, target, WUSHAN, form, params);
      expect(response.status, `${target} ${form.intent}`).toBe(404);
    }

    // Brand and certificate ids in the resubmission forms.
    const document = [{ name: "document", filename: "a.pdf", contentType: "application/pdf", bytes: tinyPdf() }];
    const brand = await call(
      brandsAction,
      await multipartRequest("/coop/brands", {
        email: WUSHAN,
        fields: { brand_id: String(fengjieBrandId), name: "巫山红", registration_number: "99887766", nice_class: "31", registrant: "巫山", registered_on: "2020-01-01", expires_on: "2030-01-01" },
        files: document,
      }),
    );
    expect(brand.status).toBe(404);
    const hidden: Record<string, string>[] = [{ certification_id: String(fengjieCertificateId) }, { replaces_id: String(fengjieCertificateId) }];
    for (const fields of hidden) {
      const response = await call(
        certificationsAction,
        await multipartRequest("/coop/certifications", {
          email: WUSHAN,
          fields: { ...fields, type: "green_food", number: "LB-WS-HIJACK", issuing_body: "中国绿色食品发展中心", scope: "", issued_on: "2026-01-01", expires_on: "2027-01-01" },
          files: document,
        }),
      );
      expect(response.status, JSON.stringify(fields)).toBe(404);
    }
    expect(await everything()).toEqual(before);
  });

  it("cannot open Fengjie's brand or certificate for editing or renewal", async () => {
    expect((await load(brandsLoader, `/coop/brands?edit=${fengjieBrandId}`, WUSHAN)).status).toBe(404);
    expect((await load(certificationsLoader, `/coop/certifications?edit=${fengjieCertificateId}`, WUSHAN)).status).toBe(404);
    expect((await load(certificationsLoader, `/coop/certifications?renew=${fengjieCertificateId}`, WUSHAN)).status).toBe(404);
    expect((await load(certificationsLoader, `/coop/certifications?renew=${fengjieCertificateId}`, FENGJIE)).status).toBe(200);
  });
});
