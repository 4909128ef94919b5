import { describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import { action as coopAction, loader as coopLoader } from "~/routes/coop";
import { loader as staffLoader } from "~/routes/staff";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle, testContext } from "../support/auth";

async function coopId(slug: string) {
  return (await db().selectFrom("cooperatives").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

describe("/coop layout", () => {
  it("shows a member their own cooperative", async () => {
    const response = await settle(coopLoader({ request: await getRequest("/coop", { email: DEMO_ACCOUNTS.fengjie }), params: {}, context: testContext }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.cooperative).toMatchObject({ slug: DEMO.cooperatives.fengjie, role: "owner" });
    expect(data.memberships).toHaveLength(1);
  });

  it("refuses shoppers, staff and admins without a membership (403), and redirects the logged out", async () => {
    for (const email of [DEMO_ACCOUNTS.shopper, DEMO_ACCOUNTS.staff, DEMO_ACCOUNTS.admin]) {
      expect((await settle(coopLoader({ request: await getRequest("/coop/products", { email }), params: {}, context: testContext }))).status, email).toBe(403);
    }
    const anonymous = await settle(coopLoader({ request: await getRequest("/coop/products?status=draft"), params: {}, context: testContext }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fcoop%2Fproducts%3Fstatus%3Ddraft");
  });

  it("switches between the user's own cooperatives, and refuses one they do not belong to", async () => {
    const fengjie = await coopId(DEMO.cooperatives.fengjie);
    const wushan = await coopId(DEMO.cooperatives.wushan);
    const other = (await db().selectFrom("cooperatives").select("id").where("id", "not in", [fengjie, wushan]).executeTakeFirstOrThrow()).id;
    const { email } = await createTestUser({ cooperatives: [{ slug: DEMO.cooperatives.fengjie }, { slug: DEMO.cooperatives.wushan, role: "owner" }] });
    const cookie = await sessionCookieFor(email);
    const current = async () => (await requireCooperative(await getRequest("/coop", { cookie }))).cooperative;
    expect((await current()).id).toBe(fengjie);

    const switched = await settle(coopAction({ request: await formRequest("/coop", { cookie, form: { intent: "switch", cooperativeId: String(wushan), redirectTo: "/coop/products" } }), params: {}, context: testContext }));
    expect(switched.status).toBe(302);
    expect(switched.headers.get("Location")).toBe("/coop/products");
    expect(await current()).toMatchObject({ id: wushan, role: "owner" });

    const refused = await settle(coopAction({ request: await formRequest("/coop", { cookie, form: { intent: "switch", cooperativeId: String(other) } }), params: {}, context: testContext }));
    expect(refused.status).toBe(403);
    expect((await current()).id).toBe(wushan);

    // A redirectTo outside the portal (or the site) lands on the portal home.
    const outside = await settle(coopAction({ request: await formRequest("/coop", { cookie, form: { intent: "switch", cooperativeId: String(fengjie), redirectTo: "//evil.example" } }), params: {}, context: testContext }));
    expect(outside.headers.get("Location")).toBe("/coop");
    const bad = await settle(coopAction({ request: await formRequest("/coop", { cookie, form: { intent: "delete", cooperativeId: String(fengjie) } }), params: {}, context: testContext }));
    expect(bad.status).toBe(400);
  });

  it("falls back to a remaining membership when the active one was removed", async () => {
    const { id, email } = await createTestUser({ cooperatives: [{ slug: DEMO.cooperatives.fengjie }, { slug: DEMO.cooperatives.wushan }] });
    const cookie = await sessionCookieFor(email);
    const wushan = await coopId(DEMO.cooperatives.wushan);
    await settle(coopAction({ request: await formRequest("/coop", { cookie, form: { intent: "switch", cooperativeId: String(wushan) } }), params: {}, context: testContext }));
    await db().deleteFrom("cooperative_members").where("user_id", "=", id).where("cooperative_id", "=", wushan).execute();
    expect((await requireCooperative(await getRequest("/coop", { cookie }))).cooperative.slug).toBe(DEMO.cooperatives.fengjie);
  });
});

describe("/staff layout", () => {
  it("lets staff and admins in, tells the page whether to show admin links, refuses others", async () => {
    const staff = await settle(staffLoader({ request: await getRequest("/staff", { email: DEMO_ACCOUNTS.staff }), params: {}, context: testContext }));
    expect(await staff.json()).toEqual({ isAdmin: false });
    const admin = await settle(staffLoader({ request: await getRequest("/staff", { email: DEMO_ACCOUNTS.admin }), params: {}, context: testContext }));
    expect(await admin.json()).toEqual({ isAdmin: true });
    for (const email of [DEMO_ACCOUNTS.shopper, DEMO_ACCOUNTS.fengjie, DEMO_ACCOUNTS.wushan]) {
      expect((await settle(staffLoader({ request: await getRequest("/staff/orders", { email }), params: {}, context: testContext }))).status, email).toBe(403);
    }
    const anonymous = await settle(staffLoader({ request: await getRequest("/staff/orders"), params: {}, context: testContext }));
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fstaff%2Forders");
  });
});
