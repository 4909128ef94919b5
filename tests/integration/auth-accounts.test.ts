import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { action as accountAction, loader as accountLoader } from "~/routes/account._index";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction, loader as logoutLoader } from "~/routes/logout";
import { action as signupAction } from "~/routes/signup";
import { getOptionalUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { hashSessionToken, readSessionToken } from "~/services/session.server";
import { cookieFromResponse, createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";

const params = {};

async function logIn(email: string, password: string, extra: { cookie?: string; redirectTo?: string; clientAddress?: string } = {}) {
  const request = await formRequest("/login", { form: { email, password, ...(extra.redirectTo ? { redirectTo: extra.redirectTo } : {}) }, cookie: extra.cookie });
  return settle(loginAction({ request, params, context: { ...testContext, clientAddress: extra.clientAddress ?? `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } }));
}

function withCookie(cookie: string) {
  return { headers: { Cookie: cookie } };
}

describe("sign up", () => {
  // Sign-up answers "check your e-mail" for every address and makes the account from the
  // e-mailed link, so that it never tells who already has one (hardening-auth.test.ts).
  async function confirmFromOutbox(email: string): Promise<Response> {
    const mail = await db()
      .selectFrom("outbox")
      .select("payload")
      .where("kind", "=", "email.signup_confirm")
      .where(sql<boolean>`payload->>'to' = ${email}`)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    return settle(signupAction({ request: await formRequest("/signup", { form: { intent: "confirm", token: String(mail.payload.token) } }), params, context: testContext }));
  }

  it("creates a shopper with a normalised e-mail, ignores extra fields, and signs them in from the e-mailed link", async () => {
    const response = await settle(
      signupAction({
        request: await formRequest("/signup", {
          form: { name: "  Mei Lin ", email: "  Mei.Lin@Example.COM ", password: "twelve chars!", role: "admin", cooperativeId: "1", status: "active", disabled_at: "" },
        }),
        params,
        context: testContext,
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).sent).toBe(true);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const confirmed = await confirmFromOutbox("mei.lin@example.com");
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/account");
    const row = await db().selectFrom("users").selectAll().where("email", "=", "mei.lin@example.com").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Mei Lin", role: "shopper", disabled_at: null });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await db().selectFrom("cooperative_members").where("user_id", "=", row.id).select("user_id").execute()).toEqual([]);
    const cookie = cookieFromResponse(confirmed)!;
    const user = await getOptionalUser(new Request("http://localhost/", withCookie(cookie)));
    expect(user).toMatchObject({ id: row.id, role: "shopper", cooperatives: [] });
    const audit = await db().selectFrom("audit_events").select("kind").where("subject_user_id", "=", row.id).execute();
    expect(audit.map((a) => a.kind)).toContain("signup");
  });

  it("answers a registered e-mail (any case, any spacing) like a new one, keeps what was typed and makes no session", async () => {
    // It used to answer 400 "emailTaken": that told anyone which addresses have an account.
    const response = await settle(
      signupAction({ request: await formRequest("/signup", { form: { name: "Copycat", email: ` ${DEMO_ACCOUNTS.shopper.toUpperCase()} `, password: "another long password" } }), params, context: testContext }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.sent).toBe(true);
    expect(body.errors).toEqual({});
    expect(body.values.email).toBe(` ${DEMO_ACCOUNTS.shopper.toUpperCase()} `);
    expect(JSON.stringify(body)).not.toContain("password");
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("enforces 12 to 128 characters, counted as characters, with no composition rules", async () => {
    const attempt = async (password: string) => {
      const email = `len-${password.length}-${Math.random()}@example.com`;
      return settle(signupAction({ request: await formRequest("/signup", { form: { name: "Len", email, password } }), params, context: testContext }));
    };
    expect((await attempt("elevenchars")).status).toBe(400);
    expect((await attempt("aaaaaaaaaaaa")).status).toBe(200); // 12 identical letters: allowed
    expect((await attempt("山水集市山水集市山水集市")).status).toBe(200); // 12 Chinese characters
    expect((await attempt("x".repeat(128))).status).toBe(200);
    const tooLong = await attempt("x".repeat(129));
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).errors.password).toBe("passwordTooLong");
  });

  it("answers 400 to a bot that fills the honeypot, and creates nothing", async () => {
    const email = `bot-${Date.now()}@example.com`;
    const response = await settle(
      signupAction({ request: await formRequest("/signup", { form: { name: "Bot", email, password: "a long enough password", website: "http://spam.example" } }), params, context: testContext }),
    );
    expect(response.status).toBe(400);
    expect(await db().selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });

  it("rate-limits sign-ups per client address with 429 and Retry-After", async () => {
    const context = { ...testContext, clientAddress: "203.0.113.77" };
    let last: Response | undefined;
    for (let i = 0; i < 21; i += 1) {
      last = await settle(signupAction({ request: await formRequest("/signup", { form: { name: "R", email: "not-an-email", password: "x" } }), params, context }));
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("log in", () => {
  it("signs a demo account in and sends each role to its home", async () => {
    const homes: [string, string][] = [
      [DEMO_ACCOUNTS.admin, "/staff"],
      [DEMO_ACCOUNTS.staff, "/staff"],
      [DEMO_ACCOUNTS.fengjie, "/coop"],
      [DEMO_ACCOUNTS.wushan, "/coop"],
      [DEMO_ACCOUNTS.shopper, "/account"],
    ];
    for (const [email, home] of homes) {
      const response = await logIn(`  ${email.toUpperCase()}`, DEMO_PASSWORD);
      expect(response.status, email).toBe(302);
      expect(response.headers.get("Location"), email).toBe(home);
      const setCookie = response.headers.get("Set-Cookie")!;
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).toMatch(/Path=\//);
    }
  });

  it("gives the same answer for an unknown e-mail and a wrong password", async () => {
    const unknown = await logIn("nobody-here@example.com", "whatever password");
    const wrong = await logIn(DEMO_ACCOUNTS.shopper, "wrong password!!");
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(await unknown.json()).toEqual({ ...(await wrong.json()), email: "nobody-here@example.com" });
    const failures = await db().selectFrom("audit_events").select(["data"]).where("kind", "=", "login.failure").execute();
    expect(failures.map((f) => f.data.reason)).toEqual(expect.arrayContaining(["unknown_email", "wrong_password"]));
  });

  it("issues a new session id at login, never reusing the one the browser brought", async () => {
    const { email, password } = await createTestUser();
    const first = cookieFromResponse(await logIn(email, password))!;
    const firstToken = await readSessionToken(new Request("http://localhost/", withCookie(first)));
    const second = await logIn(email, password, { cookie: first });
    const secondCookie = cookieFromResponse(second)!;
    const secondToken = await readSessionToken(new Request("http://localhost/", withCookie(secondCookie)));
    expect(secondToken).not.toBe(firstToken);
    // The session the browser brought is gone; only the hash of the new token is stored.
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(first)))).toBeNull();
    const rows = await db().selectFrom("sessions").select("id").where("id", "in", [firstToken!, secondToken!, hashSessionToken(firstToken!), hashSessionToken(secondToken!)]).execute();
    expect(rows.map((r) => r.id)).toEqual([hashSessionToken(secondToken!)]);
  });

  it("follows a safe redirectTo and ignores one that leaves the site", async () => {
    const { email, password } = await createTestUser();
    expect((await logIn(email, password, { redirectTo: "/products?q=橙" })).headers.get("Location")).toBe("/products?q=%E6%A9%99");
    for (const evil of ["//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "javascript:alert(1)", "/\t/evil.example"]) {
      expect((await logIn(email, password, { redirectTo: evil })).headers.get("Location"), evil).toBe("/account");
    }
  });

  it("answers the 11th rapid attempt on one account from one address with 429 and Retry-After, even with the right password", async () => {
    // The lock is per account and client address (a stranger cannot lock the owner out everywhere: hardening-auth.test.ts).
    const { email, password } = await createTestUser();
    const clientAddress = "203.0.113.61";
    for (let i = 0; i < 10; i += 1) {
      const response = await logIn(email, "wrong password attempt", { clientAddress });
      expect(response.status).toBe(400);
    }
    const locked = await logIn(email, password, { clientAddress });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(Number(locked.headers.get("Retry-After"))).toBeLessThanOrEqual(900);
    expect(locked.headers.get("Set-Cookie")).toBeNull();
    const events = await db().selectFrom("audit_events").select("kind").where("kind", "=", "login.rate_limited").execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it("limits attempts per client address across accounts", async () => {
    const clientAddress = "198.51.100.9";
    let last: Response | undefined;
    for (let i = 0; i < 51; i += 1) last = await logIn(`spray-${i}@example.com`, "password guess", { clientAddress });
    expect(last!.status).toBe(429);
    expect(last!.headers.get("Retry-After")).toBeTruthy();
  });

  it("refuses a disabled account with the usual message", async () => {
    const { id, email, password } = await createTestUser();
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", id).execute();
    const response = await logIn(email, password);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("loginFailed");
  });

  it("answers 400 when the honeypot is filled", async () => {
    const request = await formRequest("/login", { form: { email: DEMO_ACCOUNTS.shopper, password: DEMO_PASSWORD, website: "x" } });
    const response = await settle(loginAction({ request, params, context: testContext }));
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("sends a signed-in visitor of /login on to their home or the safe redirectTo", async () => {
    const response = await settle(loginLoader({ request: await getRequest("/login?redirectTo=//evil.example", { email: DEMO_ACCOUNTS.staff }), params, context: testContext }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/staff");
  });
});

describe("log out", () => {
  it("never logs out on GET, and ends the session on POST", async () => {
    const { email } = await createTestUser();
    const request = await getRequest("/logout", { email });
    const cookie = request.headers.get("Cookie")!;
    const page = await settle(logoutLoader({ request, params, context: testContext }));
    expect(page.status).toBe(200);
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(cookie)))).not.toBeNull();

    const response = await settle(logoutAction({ request: await formRequest("/logout", { form: {}, cookie }), params, context: testContext }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    // Replaying the old cookie does not bring the session back.
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(cookie)))).toBeNull();
  });
});

describe("profile and password", () => {
  it("saves name, locale and phone, ignoring role, email and cooperative fields", async () => {
    const { id, email } = await createTestUser();
    const response = await settle(
      accountAction({
        request: await formRequest("/account", {
          email,
          form: { intent: "profile", name: "New Name", locale: "en", phone: "+86 139-0000-1111", role: "admin", email: "taken@example.com", cooperativeId: "1", status: "active" },
        }),
        params,
        context: testContext,
      }),
    );
    expect(response.status).toBe(200);
    const row = await db().selectFrom("users").select(["name", "locale", "phone", "role", "email"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "New Name", locale: "en", phone: "13900001111", role: "shopper", email });
    expect(await db().selectFrom("cooperative_members").select("user_id").where("user_id", "=", id).execute()).toEqual([]);
  });

  it("refuses an invalid profile with 400 and field errors", async () => {
    const { email } = await createTestUser();
    const response = await settle(
      accountAction({ request: await formRequest("/account", { email, form: { intent: "profile", name: "", locale: "fr", phone: "12345" } }), params, context: testContext }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual({ name: "nameRequired", locale: "localeInvalid", phone: "phoneInvalid" });
  });

  it("changes the password, keeps this session and ends every other one", async () => {
    const { email, password } = await createTestUser();
    const here = cookieFromResponse(await logIn(email, password))!;
    const elsewhere = cookieFromResponse(await logIn(email, password))!;
    const wrong = await settle(
      accountAction({ request: await formRequest("/account", { cookie: here, form: { intent: "password", currentPassword: "not my password", newPassword: "a brand new password" } }), params, context: testContext }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual({ currentPassword: "currentPasswordWrong" });
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(elsewhere)))).not.toBeNull();

    const changed = await settle(
      accountAction({ request: await formRequest("/account", { cookie: here, form: { intent: "password", currentPassword: password, newPassword: "a brand new password" } }), params, context: testContext }),
    );
    expect(changed.status).toBe(200);
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(here)))).not.toBeNull();
    expect(await getOptionalUser(new Request("http://localhost/", withCookie(elsewhere)))).toBeNull();
    expect((await logIn(email, password)).status).toBe(400);
    expect((await logIn(email, "a brand new password")).status).toBe(302);
  });

  it("keeps a name with markup as plain data", async () => {
    const { id, email } = await createTestUser();
    const payload = `"><svg onload=alert(1)><img src=x onerror=alert(1)>`;
    await settle(accountAction({ request: await formRequest("/account", { email, form: { intent: "profile", name: payload, locale: "zh", phone: "" } }), params, context: testContext }));
    expect((await db().selectFrom("users").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name).toBe(payload);
    const page = await settle(accountLoader({ request: await getRequest("/account", { email }), params, context: testContext }));
    expect((await page.json()).profile.name).toBe(payload);
  });

  it("sends a logged-out visitor to the login page", async () => {
    const response = await settle(accountLoader({ request: await getRequest("/account"), params, context: testContext }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });
});
