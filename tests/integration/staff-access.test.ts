import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import * as dashboard from "~/routes/staff._index";
import * as orderPage from "~/routes/staff.orders.$number";
import * as slip from "~/routes/staff.orders.$number_.slip";
import * as orders from "~/routes/staff.orders._index";
import * as pickList from "~/routes/staff.pick-list";
import * as ordersCsv from "~/routes/staff.reports.orders[.]csv";
import * as shipmentsCsv from "~/routes/staff.reports.shipments[.]csv";
import * as reports from "~/routes/staff.reports";
import * as reviewDocument from "~/routes/staff.reviews.document.$kind.$id";
import * as reviews from "~/routes/staff.reviews";
import * as shipments from "~/routes/staff.shipments";
import { db } from "~/utils/db.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { createProductFixture, insertOrder } from "../support/staff";

// Every back-office loader and action checks the session itself: a shopper or a
// cooperative member gets 403, a visitor who is not signed in goes to the login page.

let orderNumber: string;
let orderItemId: number;
let certificationId: number;

beforeAll(async () => {
  const fixture = await createProductFixture(db(), { variants: 1 });
  const order = await insertOrder(db(), { lines: [{ variantId: fixture.variants[0]!.id, quantity: 2 }] });
  orderNumber = order.number;
  orderItemId = order.items[0]!.id;
  certificationId = (await db().selectFrom("certifications").select("id").where("status", "=", "pending").orderBy("id").executeTakeFirstOrThrow()).id;
});

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;
type Action = (args: ActionFunctionArgs) => Promise<Response>;

function loaders(): { name: string; url: string; loader: Loader; params?: Record<string, string> }[] {
  return [
    { name: "dashboard", url: "/staff", loader: dashboard.loader },
    { name: "orders", url: "/staff/orders", loader: orders.loader },
    { name: "order", url: `/staff/orders/${orderNumber}`, loader: orderPage.loader, params: { number: orderNumber } },
    { name: "slip", url: `/staff/orders/${orderNumber}/slip`, loader: slip.loader, params: { number: orderNumber } },
    { name: "pick list", url: "/staff/pick-list", loader: pickList.loader },
    { name: "reviews", url: "/staff/reviews", loader: reviews.loader },
    {
      name: "review document",
      url: `/staff/reviews/document/certification/${certificationId}`,
      loader: reviewDocument.loader,
      params: { kind: "certification", id: String(certificationId) },
    },
    { name: "shipments", url: "/staff/shipments", loader: shipments.loader },
    { name: "reports", url: "/staff/reports", loader: reports.loader },
    { name: "orders csv", url: "/staff/reports/orders.csv", loader: ordersCsv.loader },
    { name: "shipments csv", url: "/staff/reports/shipments.csv", loader: shipmentsCsv.loader },
  ];
}

function actions(): { name: string; url: string; action: Action; form: Record<string, string>; params?: Record<string, string> }[] {
  const params = { number: orderNumber };
  const url = `/staff/orders/${orderNumber}`;
  return [
    { name: "start", url, action: orderPage.action, params, form: { intent: "start" } },
    { name: "ship", url, action: orderPage.action, params, form: { intent: "ship", carrier: "sf", trackingNumber: "SF1234567890999", [`qty-${orderItemId}`]: "1" } },
    { name: "cancel", url, action: orderPage.action, params, form: { intent: "cancel", reason: "x", confirm: "yes" } },
    { name: "refund", url, action: orderPage.action, params, form: { intent: "refund", amount: "1", reason: "x", confirm: "yes", idempotencyKey: "access-test-key" } },
    { name: "review", url: "/staff/reviews", action: reviews.action, form: { kind: "certification", id: String(certificationId), decision: "verified" } },
  ];
}

async function assertNothingChanged() {
  const order = await db().selectFrom("orders").select(["status", "payment_status", "refunded_fen"]).where("number", "=", orderNumber).executeTakeFirstOrThrow();
  expect(order).toEqual({ status: "paid", payment_status: "paid", refunded_fen: 0 });
  expect(await db().selectFrom("shipments").innerJoin("orders", "orders.id", "shipments.order_id").select("shipments.id").where("orders.number", "=", orderNumber).execute()).toEqual([]);
  const certification = await db().selectFrom("certifications").select("status").where("id", "=", certificationId).executeTakeFirstOrThrow();
  expect(certification.status).toBe("pending");
}

describe("back-office access", () => {
  for (const who of ["shopper", "fengjie"] as const) {
    it(`refuses every loader and action to a ${who === "shopper" ? "shopper" : "cooperative member"} with 403`, async () => {
      const email = DEMO_ACCOUNTS[who];
      for (const entry of loaders()) {
        const response = await settle(async () => entry.loader({ request: await getRequest(entry.url, { email }), params: entry.params ?? {}, context: testContext }));
        expect(response.status, entry.name).toBe(403);
      }
      for (const entry of actions()) {
        const response = await settle(async () =>
          entry.action({ request: await formRequest(entry.url, { email, form: entry.form }), params: entry.params ?? {}, context: testContext }),
        );
        expect(response.status, entry.name).toBe(403);
      }
      await assertNothingChanged();
    });
  }

  it("sends a visitor who is not signed in to the login page, for loaders and actions", async () => {
    for (const entry of loaders()) {
      const response = await settle(async () => entry.loader({ request: await getRequest(entry.url), params: entry.params ?? {}, context: testContext }));
      expect(response.status, entry.name).toBe(302);
      expect(response.headers.get("Location"), entry.name).toMatch(/^\/login\?redirectTo=/);
    }
    for (const entry of actions()) {
      const response = await settle(async () => entry.action({ request: await formRequest(entry.url, { form: entry.form }), params: entry.params ?? {}, context: testContext }));
      expect(response.status, entry.name).toBe(302);
    }
    await assertNothingChanged();
  });

  it("lets staff and admins in", async () => {
    for (const email of [DEMO_ACCOUNTS.staff, DEMO_ACCOUNTS.admin]) {
      for (const entry of loaders()) {
        if (entry.name === "review document") continue; // seed certificates carry no document: 404, covered in reviews tests
        const response = await settle(async () => entry.loader({ request: await getRequest(entry.url, { email }), params: entry.params ?? {}, context: testContext }));
        expect(response.status, `${email} ${entry.name}`).toBe(200);
      }
    }
  });
});
