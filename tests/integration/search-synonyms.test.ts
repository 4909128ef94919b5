import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { searchCatalogue } from "~/models/catalogue.server";
import { loader as catalogueLoader } from "~/routes/products._index";
import { action, loader } from "~/routes/staff.synonyms";
import { parseCatalogueParams } from "~/utils/catalogue-params";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";

// Synonyms are data staff keep: adding a group changes what a search finds at once.

async function search(q: string) {
  const query = parseCatalogueParams(new URLSearchParams({ q }));
  return searchCatalogue(db(), { ...query, locale: "zh", today: chinaToday() });
}

describe("/staff/synonyms", () => {
  it("lets staff add a group that searches use at once, and remove it again", async () => {
    expect((await search("秋月梨")).total).toBe(0);
    const add = await action({ request: await formRequest("/staff/synonyms", { email: DEMO_ACCOUNTS.staff, form: { intent: "add", terms: "秋月梨，脐橙" } }), params: {}, context: testContext });
    expect(add.status).toBe(200);
    expect((await search("秋月梨")).products.map((p) => p.slug)).toContain("fengjie-navel-orange");

    const page = await (await loader({ request: await getRequest("/staff/synonyms", { email: DEMO_ACCOUNTS.staff }), params: {}, context: testContext })).json();
    const group = page.groups.find((g: { terms: string[] }) => g.terms.includes("秋月梨"));
    await action({ request: await formRequest("/staff/synonyms", { email: DEMO_ACCOUNTS.staff, form: { intent: "remove", id: String(group!.id) } }), params: {}, context: testContext });
    expect((await search("秋月梨")).total).toBe(0);
  });

  it("refuses a group of one word, and words with operators of the query language", async () => {
    for (const terms of ["蜂蜜", "a|b c", "x' y", "蜂蜜 !"]) {
      const response = await action({ request: await formRequest("/staff/synonyms", { email: DEMO_ACCOUNTS.staff, form: { intent: "add", terms } }), params: {}, context: testContext });
      expect(response.status, terms).toBe(400);
    }
  });

  it("is for staff only", async () => {
    for (const email of [DEMO_ACCOUNTS.shopper, DEMO_ACCOUNTS.fengjie]) {
      const response = await settle(async () => action({ request: await formRequest("/staff/synonyms", { email, form: { intent: "add", terms: "甲 乙" } }), params: {}, context: testContext }));
      expect(response.status, email).toBe(403);
    }
    const anonymous = await settle(async () => loader({ request: await getRequest("/staff/synonyms"), params: {}, context: testContext }));
    expect(anonymous.status).toBe(302);
  });
});

describe("a search that finds nothing", () => {
  it("suggests what it probably meant, from pinyin or a homophone, and keeps the query", async () => {
    for (const [q, meant] of [["fengmii", "蜂蜜"], ["奇橙", "脐橙"], ["mihoutau", "猕猴桃"]] as const) {
      const response = (await catalogueLoader({ request: new Request(`http://localhost/products?${new URLSearchParams({ q })}`), params: {}, context: testContext })) as Response;
      const data = await response.json();
      expect(data.total, q).toBe(0);
      expect(data.query.q, q).toBe(q);
      expect(data.suggestion, q).toBe(meant);
    }
  });
});
