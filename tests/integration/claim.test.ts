import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/account.claim";
import { loader as ordersLoader } from "~/routes/account.orders";
import { composeOutboxMail } from "~/services/mail/messages.server";
import { checkEmailVerificationToken, emailVerificationToken, VERIFY_EMAIL_VALID_HOURS } from "~/services/guest-orders.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";
import { placePaidTestOrder } from "../support/checkout";

const page = (email: string, search = "") => settle(async () => loader({ request: await getRequest(`/account/claim${search}`, { email }), params: {}, context: testContext }));
const post = (email: string, form: Record<string, string> | [string, string][]) =>
  settle(async () => {
    const request = await formRequest("/account/claim", { email, form: {} });
    const body = new URLSearchParams(form);
    return action({ request: new Request(request.url, { method: "POST", headers: request.headers, body }), params: {}, context: testContext });
  });

let counter = 0;
function address(): string {
  counter += 1;
  return `claimer-${process.pid}-${Date.now()}-${counter}@example.test`;
}

describe("claiming guest orders", () => {
  it("asks for a confirmed e-mail first, mails a link through the outbox, and then lets the account claim its guest orders only", async () => {
    const email = address();
    const user = await createTestUser({ email });
    const mine1 = await placePaidTestOrder(db(), { details: { email } });
    const mine2 = await placePaidTestOrder(db(), { details: { email } });
    const someoneElses = await placePaidTestOrder(db(), { details: { email: address() } });

    // Not confirmed: nothing is listed and claiming is refused.
    let data = await (await page(email)).json();
    expect(data).toMatchObject({ verified: false, orders: [] });
    expect((await post(email, [["intent", "claim"], ["orderId", String(mine1.id)]])).status).toBe(403);

    // Ask for the link: one e-mail, not two within the resend window.
    expect(await (await post(email, { intent: "send" })).json()).toMatchObject({ outcome: "sent" });
    expect(await (await post(email, { intent: "send" })).json()).toMatchObject({ outcome: "recently_sent" });
    const queued = await db().selectFrom("outbox").select(["id", "kind", "payload"]).where("kind", "=", "email.verify_email").execute();
    const rows = queued.filter((row) => (row.payload as { userId: number }).userId === user.id);
    expect(rows).toHaveLength(1);
    const mail = await composeOutboxMail(db(), { ...rows[0]!, id: Number(rows[0]!.id) });
    expect(mail.to).toBe(email);
    const link = new URL(/https?:\/\/\S+\/account\/claim\?\S+/.exec(mail.text)![0]);
    const token = link.searchParams.get("token")!;

    // Someone else signed in cannot use it.
    const other = await createTestUser();
    const stolen = await page(other.email, `?token=${encodeURIComponent(token)}`);
    expect((await stolen.json()).invalidLink).toBe(true);

    // The account it was made for: confirmed, and the token leaves the address bar.
    const confirmed = await page(email, `?token=${encodeURIComponent(token)}`);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("Location")).toBe("/account/claim?verified=1");
    data = await (await page(email, "?verified=1")).json();
    expect(data.verified).toBe(true);
    expect(data.justVerified).toBe(true);
    expect(data.orders.map((o: { id: number }) => o.id).sort()).toEqual([mine1.id, mine2.id].sort());

    // Claim, smuggling in someone else's order id: only the account's own move.
    const claimed = await post(email, [
      ["intent", "claim"],
      ["orderId", String(mine1.id)],
      ["orderId", String(mine2.id)],
      ["orderId", String(someoneElses.id)],
    ]);
    expect(await claimed.json()).toMatchObject({ claimed: 2 });
    const owners = await db().selectFrom("orders").select(["id", "user_id"]).where("id", "in", [mine1.id, mine2.id, someoneElses.id]).execute();
    expect(Object.fromEntries(owners.map((o) => [o.id, o.user_id]))).toEqual({ [mine1.id]: user.id, [mine2.id]: user.id, [someoneElses.id]: null });
    const events = await db().selectFrom("order_events").select("type").where("order_id", "=", mine1.id).where("type", "=", "order.claimed").execute();
    expect(events).toHaveLength(1);

    // Claimed orders are in the history now, and nothing is left to claim.
    const history = await (await settle(async () => ordersLoader({ request: await getRequest("/account/orders", { email }), params: {}, context: testContext }))).json();
    expect(history.orders.map((o: { number: string }) => o.number).sort()).toEqual([mine1.number, mine2.number].sort());
    expect((await (await page(email)).json()).orders).toEqual([]);
    expect((await post(email, [["intent", "claim"], ["orderId", String(mine1.id)]])).status).toBe(200);
  });

  it("accepts a link only for its account and address, unaltered and in time", () => {
    const now = new Date("2026-11-29T00:00:00Z");
    const token = emailVerificationToken({ userId: 7, email: "a@example.test", now });
    expect(checkEmailVerificationToken(token, { userId: 7, email: "a@example.test", now })).toBe(true);
    expect(checkEmailVerificationToken(token, { userId: 8, email: "a@example.test", now })).toBe(false);
    expect(checkEmailVerificationToken(token, { userId: 7, email: "b@example.test", now })).toBe(false);
    expect(checkEmailVerificationToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, { userId: 7, email: "a@example.test", now })).toBe(false);
    const later = new Date(now.getTime() + (VERIFY_EMAIL_VALID_HOURS * 3600 + 1) * 1000);
    expect(checkEmailVerificationToken(token, { userId: 7, email: "a@example.test", now: later })).toBe(false);
    expect(checkEmailVerificationToken("garbage", { userId: 7, email: "a@example.test", now })).toBe(false);
  });

  it("tells the account there is nothing to claim when there is nothing", async () => {
    const email = address();
    await createTestUser({ email });
    await db().updateTable("users").set({ email_verified_at: new Date() }).where("email", "=", email).execute();
    expect(await (await page(email)).json()).toMatchObject({ verified: true, orders: [] });
    expect((await post(email, { intent: "claim" })).status).toBe(400);
  });
});
