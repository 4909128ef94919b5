import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as signupAction, loader as signupLoader } from "~/routes/signup";
import { composeOutboxMail } from "~/services/mail/messages.server";
import { getOptionalUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, settle, siteOrigin, testContext } from "../support/auth";

const params = {};

/** Where a browser goes with this response's Location header. */
function destination(response: Response): URL {
  return new URL(response.headers.get("Location")!, siteOrigin());
}

async function logIn(email: string, password: string, clientAddress: string, extra: { redirectTo?: string } = {}) {
  const request = await formRequest("/login", { form: { email, password, ...(extra.redirectTo ? { redirectTo: extra.redirectTo } : {}) } });
  return settle(loginAction({ request, params, context: { ...testContext, clientAddress } }));
}

const OPEN_REDIRECTS = ["/.//evil.example/phish", "/a/..//evil.example", "/%2e//evil.example", "/%2E%2E//evil.example", "/././/evil.example"];

describe("redirectTo that dot segments turn into another host", () => {
  it.each(OPEN_REDIRECTS)("a signed-in visitor of /login and /signup with %j stays on the site", async (to) => {
    for (const loader of [loginLoader, signupLoader]) {
      const path = loader === loginLoader ? "/login" : "/signup";
      const request = await getRequest(`${path}?${new URLSearchParams({ redirectTo: to })}`, { email: DEMO_ACCOUNTS.staff });
      const response = await settle(loader({ request, params, context: testContext }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location"), `${path} ${to}`).toBe("/staff");
      expect(destination(response).origin).toBe(siteOrigin());
    }
  });

  it.each(OPEN_REDIRECTS)("a scripted login POST with %j lands on the role's home", async (to) => {
    const { email, password } = await createTestUser();
    const response = await logIn(email, password, "192.0.2.10", { redirectTo: to });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
  });

  it("the login page does not carry such a value into its form", async () => {
    const request = await getRequest(`/login?${new URLSearchParams({ redirectTo: "/.//evil.example/phish" })}`);
    const response = await settle(loginLoader({ request, params, context: testContext }));
    expect((await response.json()).redirectTo).toBe("");
  });
});

describe("a stranger cannot lock an account owner out", () => {
  it("ten wrong passwords from one address throttle that address for the account, not the owner elsewhere", async () => {
    const { email, password } = await createTestUser();
    const stranger = "203.0.113.20";
    for (let i = 0; i < 10; i += 1) expect((await logIn(email, "a wrong guess!!", stranger)).status).toBe(400);
    const strangerAgain = await logIn(email, password, stranger);
    expect(strangerAgain.status).toBe(429);
    expect(Number(strangerAgain.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(strangerAgain.headers.get("Set-Cookie")).toBeNull();

    const owner = await logIn(email, password, "198.51.100.44");
    expect(owner.status).toBe(302);
    expect(owner.headers.get("Set-Cookie")).toBeTruthy();
  });

  it("sixty wrong passwords spread over a dozen addresses still leave the owner able to sign in", async () => {
    const { email, password } = await createTestUser();
    for (let a = 0; a < 12; a += 1) {
      for (let i = 0; i < 5; i += 1) expect((await logIn(email, "a wrong guess!!", `203.0.113.${100 + a}`)).status).toBe(400);
    }
    const owner = await logIn(email, password, "198.51.100.45");
    expect(owner.status).toBe(302);
  });

  it("keeps a ceiling per account over all addresses, high above what one person types", async () => {
    const { RATE_LIMITS, consumeRateLimit } = await import("~/models/rate-limit.server");
    const { email, password } = await createTestUser();
    expect(RATE_LIMITS.loginPerAccount.limit).toBeGreaterThanOrEqual(100);
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.limit; i += 1) {
      await consumeRateLimit(db(), { key: `login:email:${email}`, ...RATE_LIMITS.loginPerAccount });
    }
    const response = await logIn(email, password, "198.51.100.46");
    expect(response.status).toBe(429);
  });

  it("still limits one address across many accounts", async () => {
    const clientAddress = "198.51.100.99";
    let last: Response | undefined;
    for (let i = 0; i < 51; i += 1) last = await logIn(`spray-${i}-${Date.now()}@example.com`, "password guess", clientAddress);
    expect(last!.status).toBe(429);
  });

  it("does not count correct passwords against an address many people share, but keeps counting the guesses", async () => {
    const clientAddress = "198.51.100.77";
    for (let i = 0; i < 60; i += 1) expect((await logIn(DEMO_ACCOUNTS.shopper, DEMO_PASSWORD, clientAddress)).status).toBe(302);
    let last: Response | undefined;
    for (let i = 0; i < 51; i += 1) last = await logIn(`nat-${i}-${Date.now()}@example.com`, "password guess", clientAddress);
    expect(last!.status).toBe(429);
  });
});

describe("sign-up does not tell who has an account", () => {
  async function signUp(form: Record<string, string>, clientAddress = `192.0.2.${Math.floor(Math.random() * 250)}`) {
    const started = performance.now();
    const response = await settle(signupAction({ request: await formRequest("/signup", { form }), params, context: { ...testContext, clientAddress } }));
    return { response, ms: performance.now() - started };
  }
  const outboxFor = (email: string) =>
    db().selectFrom("outbox").select(["id", "kind", "payload"]).where(sql<boolean>`payload->>'to' = ${email}`).orderBy("id").execute();

  it("answers a registered address exactly like a new one, and e-mails the owner instead", async () => {
    const owner = await createTestUser({ name: "Owner Wang" });
    const fresh = `fresh-${Date.now()}@example.com`;
    const taken = await signUp({ name: "Intruder", email: owner.email, password: "intruder password 1" });
    const free = await signUp({ name: "Intruder", email: fresh, password: "intruder password 1" });

    expect(taken.response.status).toBe(free.response.status);
    expect(taken.response.status).toBe(200);
    expect(taken.response.headers.get("Set-Cookie")).toBeNull();
    expect(free.response.headers.get("Set-Cookie")).toBeNull();
    expect(taken.response.headers.get("Location")).toBe(free.response.headers.get("Location"));
    const takenBody = await taken.response.json();
    const freeBody = await free.response.json();
    expect({ ...takenBody, values: { ...takenBody.values, email: "" } }).toEqual({ ...freeBody, values: { ...freeBody.values, email: "" } });
    expect(takenBody).toMatchObject({ sent: true });

    // The owner is told; no account or pending sign-up is made for the address, the password is unchanged.
    const ownerMail = await outboxFor(owner.email);
    expect(ownerMail.map((m) => m.kind)).toEqual(["email.signup_existing"]);
    expect(await db().selectFrom("signup_requests").select("email").where("email", "=", owner.email).execute()).toEqual([]);
    expect((await logIn(owner.email, owner.password, "198.51.100.70")).status).toBe(302);
    expect((await logIn(owner.email, "intruder password 1", "198.51.100.71")).status).toBe(400);

    // The new address gets a link; no account exists until it is used.
    expect((await outboxFor(fresh)).map((m) => m.kind)).toEqual(["email.signup_confirm"]);
    expect(await db().selectFrom("users").select("id").where("email", "=", fresh).executeTakeFirst()).toBeUndefined();
  });

  it("hashes a password either way, so the two answers take about as long", async () => {
    const owner = await createTestUser();
    const times = { taken: [] as number[], free: [] as number[] };
    for (let i = 0; i < 3; i += 1) {
      times.taken.push((await signUp({ name: "T", email: owner.email, password: "timing password 1" })).ms);
      times.free.push((await signUp({ name: "T", email: `timing-${i}-${Date.now()}@example.com`, password: "timing password 1" })).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const ratio = median(times.taken) / median(times.free);
    expect(ratio, JSON.stringify(times)).toBeGreaterThan(0.4);
    expect(ratio, JSON.stringify(times)).toBeLessThan(2.5);
  });

  it("makes the account from the e-mailed link, signs it in with the address verified, and only once", async () => {
    const email = `linked-${Date.now()}@example.com`;
    await signUp({ name: "Lin Mei", email, password: "a long enough password", redirectTo: "/products?q=橙" });
    const [mail] = await outboxFor(email);
    const token = String(mail!.payload.token);

    const page = await settle(signupLoader({ request: await getRequest(`/signup?token=${token}`), params, context: testContext }));
    expect((await page.json()).confirm).toEqual({ token, email });
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();

    const done = await settle(signupAction({ request: await formRequest("/signup", { form: { intent: "confirm", token } }), params, context: testContext }));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/products?q=%E6%A9%99");
    const cookie = done.headers.get("Set-Cookie")!.split(";")[0]!;
    const user = await getOptionalUser(new Request(siteOrigin(), { headers: { Cookie: cookie } }));
    expect(user).toMatchObject({ email, role: "shopper", name: "Lin Mei" });
    const row = await db().selectFrom("users").select(["email_verified_at"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
    expect((await logIn(email, "a long enough password", "198.51.100.72")).status).toBe(302);

    const replay = await settle(signupAction({ request: await formRequest("/signup", { form: { intent: "confirm", token } }), params, context: testContext }));
    expect(replay.status).toBe(400);
    expect(replay.headers.get("Set-Cookie")).toBeNull();
    const stale = await settle(signupLoader({ request: await getRequest(`/signup?token=${token}`), params, context: testContext }));
    expect((await stale.json()).confirm).toEqual({ token: null, email: null });
  });

  it("writes both e-mails in the owner's or the requester's language", async () => {
    const owner = await createTestUser({ name: "王芳" });
    await db().updateTable("users").set({ locale: "zh" }).where("id", "=", owner.id).execute();
    await signUp({ name: "Someone", email: owner.email, password: "some password 12" });
    const [existing] = await outboxFor(owner.email);
    const zh = await composeOutboxMail(db(), existing!);
    expect(zh.subject).toBe("有人尝试用您的邮箱注册");
    expect(zh.text).toContain("王芳");
    expect(zh.text).not.toContain("some password 12");
    await db().updateTable("users").set({ locale: "en" }).where("id", "=", owner.id).execute();
    expect((await composeOutboxMail(db(), existing!)).subject).toBe("Someone tried to sign up with your address");

    const fresh = `lang-${Date.now()}@example.com`;
    const request = await formRequest("/signup?lang=en", { form: { name: "New", email: fresh, password: "some password 12" }, headers: { "Accept-Language": "en" } });
    await settle(signupAction({ request, params, context: { ...testContext, clientAddress: "192.0.2.200" } }));
    const [confirmMail] = await outboxFor(fresh);
    const en = await composeOutboxMail(db(), confirmMail!);
    expect(en.subject).toBe("Finish creating your Shanshui Market account");
    expect(en.text).toContain(`/signup?token=${String(confirmMail!.payload.token)}`);
  });
});
