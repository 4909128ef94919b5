import { describe, expect, it } from "vitest";
import { action as cartAction } from "~/routes/cart";
import { action as checkoutAction } from "~/routes/checkout";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, settle, testContext } from "../support/auth";
import { createTestVariant, testCheckoutDetails } from "../support/checkout";

const params = {};

/** A guest cart (its cookie) holding these lines, or the signed-in user's cart when `email` is given. */
async function cartWith(lines: { variantId: number; quantity: number }[], who: { email?: string } = {}) {
  let cookie: string | undefined;
  for (const line of lines) {
    const request = await formRequest("/cart", { email: who.email, cookie, form: { intent: "add", variantId: String(line.variantId), quantity: String(line.quantity) } });
    const response = await settle(cartAction({ request, params, context: testContext }));
    expect(response.status).toBe(200);
    cookie ??= response.headers.get("Set-Cookie")?.split(";")[0];
  }
  return cookie;
}

function checkoutForm(details: ReturnType<typeof testCheckoutDetails>): Record<string, string> {
  return { intent: "place", ...Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v ?? ""])) };
}

async function submitCheckout(form: Record<string, string>, who: { cookie?: string; email?: string }) {
  const request = await formRequest("/checkout", { form, cookie: who.cookie, email: who.email });
  return settle(checkoutAction({ request, params, context: testContext }));
}

describe("the checkout key is bound to the cart that used it", () => {
  it("another guest replaying a guest's key with their own cart is refused and learns nothing of the order", async () => {
    const variant = await createTestVariant(db(), { stock: 20 });
    const alice = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const details = testCheckoutDetails({ name: "受害人甲", phone: "13911112222", street: "秘密路 7 号" });
    const placed = await submitCheckout(checkoutForm(details), { cookie: alice });
    expect(placed.status).toBe(303);
    const order = await db().selectFrom("orders").select(["id", "number", "access_token"]).where("checkout_key", "=", details.checkoutKey).executeTakeFirstOrThrow();

    // The same cart submitting the same form again gets the same order (a double click).
    const again = await submitCheckout(checkoutForm(details), { cookie: alice });
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(placed.headers.get("Location"));

    const mallory = await cartWith([{ variantId: variant.id, quantity: 2 }]);
    const replay = await submitCheckout(checkoutForm(testCheckoutDetails({ checkoutKey: details.checkoutKey, name: "Mallory" })), { cookie: mallory });
    expect(replay.status).toBe(400);
    expect(replay.headers.get("Location")).toBeNull();
    const body = await replay.text();
    for (const secret of [order.number, order.access_token, `/pay/dev/${order.id}`, "受害人甲", "13911112222", "秘密路"]) expect(body).not.toContain(secret);
    const json = JSON.parse(body);
    expect(json.formError).toEqual({ key: "errors.checkoutKey" });
    // A fresh key, so that submitting again places Mallory's own order.
    expect(json.values.checkoutKey).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(json.values.checkoutKey).not.toBe(details.checkoutKey);
    const own = await submitCheckout(checkoutForm(testCheckoutDetails({ checkoutKey: json.values.checkoutKey, name: "Mallory" })), { cookie: mallory });
    expect(own.status).toBe(303);
    expect(own.headers.get("Location")).not.toBe(placed.headers.get("Location"));

    const withKey = await db().selectFrom("orders").select(["id", "contact_name"]).where("checkout_key", "=", details.checkoutKey).execute();
    expect(withKey).toEqual([{ id: order.id, contact_name: "受害人甲" }]);
  });

  it("a signed-in shopper replaying a guest's key is refused too, and a guest replaying a shopper's", async () => {
    const variant = await createTestVariant(db(), { stock: 20 });
    const guest = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const guestDetails = testCheckoutDetails();
    expect((await submitCheckout(checkoutForm(guestDetails), { cookie: guest })).status).toBe(303);

    const shopper = await createTestUser();
    await cartWith([{ variantId: variant.id, quantity: 1 }], { email: shopper.email });
    const replay = await submitCheckout(checkoutForm(testCheckoutDetails({ checkoutKey: guestDetails.checkoutKey })), { email: shopper.email });
    expect(replay.status).toBe(400);

    const shopperDetails = testCheckoutDetails();
    expect((await submitCheckout(checkoutForm(shopperDetails), { email: shopper.email })).status).toBe(303);
    const other = await cartWith([{ variantId: variant.id, quantity: 1 }]);
    const reverse = await submitCheckout(checkoutForm(testCheckoutDetails({ checkoutKey: shopperDetails.checkoutKey })), { cookie: other });
    expect(reverse.status).toBe(400);
  });
});
