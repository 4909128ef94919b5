import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loader as eventsLoader } from "~/routes/orders.$number.events";
import { action as orderAction, loader as orderLoader } from "~/routes/orders.$number";
import { action as lookupAction } from "~/routes/orders.lookup";
import { stopLiveEvents } from "~/services/live-events.server";
import { db } from "~/utils/db.server";
import { checkOrderLinkToken, issueOrderLinkToken, ORDER_LINK_VALID_DAYS } from "~/utils/order-link.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { placeTestOrder } from "../support/checkout";

// The guest lookup answers with a fresh, signed, 30-day link, not the order's own one; both
// open the order page, its event stream and its pay form; a tampered or expired fresh link
// is the same 404 as a wrong token.

afterAll(() => stopLiveEvents());

const open: AbortController[] = [];
afterEach(() => {
  for (const controller of open.splice(0)) controller.abort();
});

function clientContext(): AppLoadContext {
  return { ...testContext, clientAddress: `fresh-link-${randomBytes(8).toString("hex")}` };
}

async function lookup(form: Record<string, string>) {
  return settle(async () => lookupAction({ request: await formRequest("/orders/lookup", { form }), params: {}, context: clientContext() }));
}

async function page(number: string, token?: string) {
  const query = token === undefined ? "" : `?${new URLSearchParams({ token })}`;
  return settle(async () => orderLoader({ request: await getRequest(`/orders/${number}${query}`), params: { number }, context: testContext }));
}

async function events(number: string, token?: string) {
  const controller = new AbortController();
  open.push(controller);
  const query = token === undefined ? "" : `?${new URLSearchParams({ token })}`;
  const request = new Request(await getRequest(`/orders/${number}/events${query}`), { signal: controller.signal });
  return settle(eventsLoader({ request, params: { number }, context: testContext }));
}

async function tokenFromLookup(number: string, phone: string): Promise<string> {
  const response = await lookup({ number, phone });
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("Location")!, "http://x");
  expect(location.pathname).toBe(`/orders/${number}`);
  return location.searchParams.get("token")!;
}

async function guestOrder(phone: string) {
  const order = await placeTestOrder(db(), { details: { phone, email: null } });
  const row = await db().selectFrom("orders").select(["id", "number", "access_token"]).where("id", "=", order.id).executeTakeFirstOrThrow();
  return row;
}

describe("fresh order links from the guest lookup", () => {
  it("hands out a new token each time, never the order's own, valid for 30 days", async () => {
    const order = await guestOrder("13712345601");
    const before = Date.now();
    const first = await tokenFromLookup(order.number, "13712345601");
    const second = await tokenFromLookup(order.number, "13712345601");
    expect(first).not.toBe(order.access_token);
    expect(first).not.toContain(order.access_token);
    expect(second).not.toBe(first);
    expect(first.length).toBeLessThanOrEqual(100);
    const expires = Number(first.split(".")[1]) * 1000;
    expect(expires - before).toBeGreaterThan((ORDER_LINK_VALID_DAYS * 24 - 1) * 3600_000);
    expect(expires - before).toBeLessThanOrEqual(ORDER_LINK_VALID_DAYS * 24 * 3600_000 + 5_000);
  });

  it("opens the order page, its event stream and the pay form like the original link, which keeps working", async () => {
    const order = await guestOrder("13712345602");
    const fresh = await tokenFromLookup(order.number, "13712345602");

    for (const token of [fresh, order.access_token]) {
      const response = await page(order.number, token);
      expect(response.status).toBe(200);
      const data = await response.json();
      expect(data.order.number).toBe(order.number);
      expect(data.canPay).toBe(true);
      // The page's stream and pay form carry the same link the page was opened with.
      expect(data.token).toBe(token);
      expect(data.streamUrl).toContain(`token=${encodeURIComponent(token)}`);

      const stream = await events(order.number, token);
      expect(stream.status).toBe(200);
      expect(stream.headers.get("Content-Type")).toContain("text/event-stream");
    }

    const pay = await settle(async () =>
      orderAction({ request: await formRequest(`/orders/${order.number}`, { form: { intent: "pay", token: fresh } }), params: { number: order.number }, context: testContext }),
    );
    expect(pay.status).toBe(303);
    expect(pay.headers.get("Location")).toContain(`session=dev_cs_${order.id}_1`);
    const attempts = await db().selectFrom("payments").select("attempt").where("order_id", "=", order.id).execute();
    expect(attempts).toEqual([{ attempt: 1 }]);
  });

  it("answers a tampered, expired, foreign or truncated fresh link with the same 404 as a wrong token", async () => {
    const order = await guestOrder("13712345603");
    const other = await guestOrder("13712345604");
    const fresh = await tokenFromLookup(order.number, "13712345603");
    const [, expires, nonce, signature] = fresh.split(".");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const expired = issueOrderLinkToken({ orderId: order.id, accessToken: order.access_token }, new Date(Date.now() - (ORDER_LINK_VALID_DAYS * 24 + 1) * 3600_000)).token;
    const forOther = await tokenFromLookup(other.number, "13712345604");
    const bad = [
      `L1.${expires}.${nonce}.${flip(signature!)}`,
      `L1.${Number(expires) + 3600}.${nonce}.${signature}`,
      `L1.${expires}.${flip(nonce!)}.${signature}`,
      `L2.${expires}.${nonce}.${signature}`,
      fresh.slice(0, -1),
      `${fresh}A`,
      expired,
      forOther,
      "x".repeat(order.access_token.length),
    ];
    const wrongToken = await page(order.number, "x".repeat(order.access_token.length));
    expect(wrongToken.status).toBe(404);
    const wrongBody = await wrongToken.text();
    for (const token of bad) {
      const response = await page(order.number, token);
      expect(response.status, token).toBe(404);
      expect(await response.text()).toBe(wrongBody);
      expect((await events(order.number, token)).status, token).toBe(404);
      const pay = await settle(async () =>
        orderAction({ request: await formRequest(`/orders/${order.number}`, { form: { intent: "pay", token } }), params: { number: order.number }, context: testContext }),
      );
      expect(pay.status, token).toBe(404);
    }
    // The expired one was well-formed and correctly signed: only its age refuses it.
    expect(checkOrderLinkToken(expired, { orderId: order.id, accessToken: order.access_token }, new Date(Date.now() - 2 * 24 * 3600_000 - ORDER_LINK_VALID_DAYS * 24 * 3600_000))).toBe(true);
    // The other order's fresh link opens only that order.
    expect((await page(other.number, forOther)).status).toBe(200);
    expect(await db().selectFrom("payments").select("id").where("order_id", "=", order.id).execute()).toEqual([]);
  });

  it("dies with the order's own secret: a fresh link is bound to it", async () => {
    const order = await guestOrder("13712345605");
    const fresh = await tokenFromLookup(order.number, "13712345605");
    expect(checkOrderLinkToken(fresh, { orderId: order.id, accessToken: order.access_token })).toBe(true);
    expect(checkOrderLinkToken(fresh, { orderId: order.id, accessToken: `${order.access_token.slice(0, -1)}Z` })).toBe(false);
    expect(checkOrderLinkToken(fresh, { orderId: order.id + 1, accessToken: order.access_token })).toBe(false);
  });

  it("keeps a wrong mobile number and a missing order indistinguishable", async () => {
    const order = await guestOrder("13712345606");
    const wrong = await lookup({ number: order.number, phone: "13712345607" });
    const missing = await lookup({ number: `SS000000${String(Date.now() % 1_000_000).padStart(6, "0")}`, phone: "13712345606" });
    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(wrong.headers.get("Location")).toBeNull();
    expect({ ...(await wrong.json()), values: null }).toEqual({ ...(await missing.json()), values: null });
  });
});
