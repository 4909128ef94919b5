import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed-data/fixtures";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { loader as signupLoader } from "~/routes/signup";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, siteOrigin, testContext } from "../support/auth";

const params = {};

async function settle(promise: Promise<Response> | Response): Promise<Response> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

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
});
