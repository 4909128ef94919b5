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
