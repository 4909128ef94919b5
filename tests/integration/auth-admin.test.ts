import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~db/seed-data/fixtures";
import { hashInvitationToken } from "~/models/invitation.server";
import { loader as auditLoader } from "~/routes/staff.audit";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitations.$token";
import { action as loginAction } from "~/routes/login";
import { action as usersAction, loader as usersLoader } from "~/routes/staff.users";
import { getOptionalUser, requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { cookieFromResponse, createTestUser, formRequest, getRequest, sessionCookieFor, settle, testContext } from "../support/auth";

const asRequest = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });

async function adminPost(form: Record<string, string>, email: string = DEMO_ACCOUNTS.admin) {
  return settle(usersAction({ request: await formRequest("/staff/users", { email, form }), params: {}, context: testContext }));
}

async function coopId(slug: string) {
  return (await db().selectFrom("cooperatives").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

async function invite(email: string, slug: string = DEMO.cooperatives.fengjie, locale = "en") {
  const response = await adminPost({ intent: "invite", email, cooperativeId: String(await coopId(slug)), locale });
  expect(response.status).toBe(200);
  const body = await response.json();
  const token = new URL(body.invitationUrl).pathname.split("/").pop()!;
  return { body, token };
}

async function accept(token: string, form: Record<string, string>, clientAddress = `10.9.${Math.floor(Math.random() * 250)}.1`) {
  return settle(
    invitationAction({ request: await formRequest(`/invitations/${token}`, { form }), params: { token }, context: { ...testContext, clientAddress } }),
  );
}

describe("/staff/users is for admins only", () => {
  it("refuses shoppers, members and staff in the loader and the action; redirects the logged out", async () => {
    for (const email of [DEMO_ACCOUNTS.shopper, DEMO_ACCOUNTS.fengjie, DEMO_ACCOUNTS.staff]) {
      expect((await settle(usersLoader({ request: await getRequest("/staff/users", { email }), params: {}, context: testContext }))).status, email).toBe(403);
      const { id } = await createTestUser();
      expect((await adminPost({ intent: "set-role", userId: String(id), role: "admin" }, email)).status, email).toBe(403);
      expect((await db().selectFrom("users").select("role").where("id", "=", id).executeTakeFirstOrThrow()).role).toBe("shopper");
    }
    const anonymous = await settle(usersLoader({ request: await getRequest("/staff/users"), params: {}, context: testContext }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fstaff%2Fusers");
  });

  it("lists and searches accounts by e-mail", async () => {
    const response = await settle(usersLoader({ request: await getRequest("/staff/users?q=FENGJIE", { email: DEMO_ACCOUNTS.admin }), params: {}, context: testContext }));
    const { users } = await response.json();
    expect(users.map((u: { email: string }) => u.email)).toEqual([DEMO_ACCOUNTS.fengjie]);
    expect(users[0].cooperatives[0]).toMatchObject({ slug: DEMO.cooperatives.fengjie });
    expect(JSON.stringify(users)).not.toContain("argon2");
  });
});

describe("managing accounts", () => {
  it("creates a staff account that can log in to the back office", async () => {
    const response = await adminPost({ intent: "create-staff", email: " New.Staff@Shanshui.test ", name: "新同事", role: "staff", password: "initial password 1" });
    expect(response.status).toBe(200);
    const row = await db().selectFrom("users").select(["id", "role"]).where("email", "=", "new.staff@shanshui.test").executeTakeFirstOrThrow();
    expect(row.role).toBe("staff");
    const login = await settle(loginAction({ request: await formRequest("/login", { form: { email: "new.staff@shanshui.test", password: "initial password 1" } }), params: {}, context: testContext }));
    expect(login.headers.get("Location")).toBe("/staff");
    expect((await adminPost({ intent: "create-staff", email: DEMO_ACCOUNTS.shopper, name: "x", role: "admin", password: "initial password 1" })).status).toBe(400);
    expect((await db().selectFrom("users").select("role").where("email", "=", DEMO_ACCOUNTS.shopper).executeTakeFirstOrThrow()).role).toBe("shopper");
  });

  it("changes roles (audited) but never the admin's own", async () => {
    const { id } = await createTestUser();
    expect((await adminPost({ intent: "set-role", userId: String(id), role: "staff" })).status).toBe(200);
    expect((await db().selectFrom("users").select("role").where("id", "=", id).executeTakeFirstOrThrow()).role).toBe("staff");
    const event = await db().selectFrom("audit_events").select(["data", "actor_user_id"]).where("kind", "=", "user.role_changed").where("subject_user_id", "=", id).executeTakeFirstOrThrow();
    expect(event.data).toEqual({ from: "shopper", to: "staff" });

    const admin = await db().selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.admin).executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(admin.id);
    const self = await adminPost({ intent: "set-role", userId: String(admin.id), role: "shopper" });
    expect(self.status).toBe(400);
    expect((await self.json()).errors).toEqual({ form: "notYourself" });
    expect((await adminPost({ intent: "disable", userId: String(admin.id) })).status).toBe(400);
    expect((await adminPost({ intent: "set-role", userId: String(id), role: "superuser" })).status).toBe(400);
    expect((await adminPost({ intent: "drop-tables" })).status).toBe(400);
  });

  it("disables an account: its live session dies at once and it cannot log in; re-enabling restores login", async () => {
    const { id, email, password } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();
    expect((await adminPost({ intent: "disable", userId: String(id) })).status).toBe(200);
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
    const refused = await settle(loginAction({ request: await formRequest("/login", { form: { email, password } }), params: {}, context: testContext }));
    expect(refused.status).toBe(400);
    expect((await adminPost({ intent: "enable", userId: String(id) })).status).toBe(200);
    const allowed = await settle(loginAction({ request: await formRequest("/login", { form: { email, password } }), params: {}, context: testContext }));
    expect(allowed.status).toBe(302);
  });

  it("removes a membership", async () => {
    const { id, email } = await createTestUser({ cooperatives: [{ slug: DEMO.cooperatives.wushan }] });
    expect((await adminPost({ intent: "remove-membership", userId: String(id), cooperativeId: String(await coopId(DEMO.cooperatives.wushan)) })).status).toBe(200);
    expect((await settle(requireCooperative(await getRequest("/coop", { email })) as Promise<never>)).status).toBe(403);
  });
});

describe("invitations", () => {
  it("stores only the token's hash, shows the link once and queues the e-mail in the same transaction", async () => {
    const { body, token } = await invite("Grower@Example.com");
    expect(body.invitationUrl).toMatch(new RegExp(`/invitations/[A-Za-z0-9_-]{43}$`));
    const row = await db().selectFrom("invitations").selectAll().where("email", "=", "grower@example.com").executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);
    const mail = await db().selectFrom("outbox").select(["kind", "payload", "dedupe_key"]).where("dedupe_key", "=", `invitation:${row.id}`).executeTakeFirstOrThrow();
    expect(mail.kind).toBe("email.invitation");
    expect(mail.payload).toMatchObject({ to: "grower@example.com", locale: "en", url: body.invitationUrl, cooperative: { slug: DEMO.cooperatives.fengjie } });
  });

  it("lets a new person create an account, join, and land in the portal; the link then stops working", async () => {
    const { token } = await invite("new.member@example.com");
    const page = await settle(invitationLoader({ request: await getRequest(`/invitations/${token}`), params: { token }, context: testContext }));
    expect((await page.json()).invitation).toMatchObject({ email: "new.member@example.com", existingAccount: false });

    const short = await accept(token, { name: "新成员", password: "short" });
    expect(short.status).toBe(400);
    const response = await accept(token, { name: "新成员", password: "a good long password", role: "admin" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/coop");
    const cookie = cookieFromResponse(response)!;
    const { user, cooperative } = await requireCooperative(asRequest(cookie));
    expect(user).toMatchObject({ email: "new.member@example.com", name: "新成员", role: "shopper" });
    expect(cooperative.slug).toBe(DEMO.cooperatives.fengjie);

    const again = await accept(token, { name: "Someone", password: "a good long password" });
    expect(again.status).toBe(404);
    const reopened = await settle(invitationLoader({ request: await getRequest(`/invitations/${token}`), params: { token }, context: testContext }));
    expect(reopened.status).toBe(404);
    const kinds = (await db().selectFrom("audit_events").select("kind").where("subject_user_id", "=", user.id).execute()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["invitation.accepted", "membership.added"]));
  });

  it("attaches an existing account only with its password, and a wrong one leaves the link usable", async () => {
    const { token } = await invite(DEMO_ACCOUNTS.wushan, DEMO.cooperatives.fengjie);
    const wrong = await accept(token, { password: "not the password" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual({ password: "currentPasswordWrong" });
    const ok = await accept(token, { password: DEMO_PASSWORD, name: "Renamed" });
    expect(ok.status).toBe(302);
    const user = await getOptionalUser(asRequest(cookieFromResponse(ok)!));
    expect(user?.name).toBe("王秀兰");
    expect(user?.cooperatives.map((c) => c.slug).sort()).toEqual([DEMO.cooperatives.fengjie, DEMO.cooperatives.wushan].sort());
    // The new session acts for the cooperative just joined.
    expect((await requireCooperative(asRequest(cookieFromResponse(ok)!))).cooperative.slug).toBe(DEMO.cooperatives.fengjie);
  });

  it("refuses an expired, unknown or malformed token", async () => {
    const { token } = await invite("late@example.com");
    await db().updateTable("invitations").set({ expires_at: sql<Date>`now() - interval '1 minute'` }).where("token_hash", "=", hashInvitationToken(token)).execute();
    expect((await accept(token, { name: "Late", password: "a good long password" })).status).toBe(404);
    expect(await db().selectFrom("users").select("id").where("email", "=", "late@example.com").executeTakeFirst()).toBeUndefined();
    for (const bad of ["A".repeat(43), "short", "../../etc/passwd"]) {
      const page = await settle(invitationLoader({ request: await getRequest(`/invitations/${encodeURIComponent(bad)}`), params: { token: bad }, context: testContext }));
      expect(page.status).toBe(404);
    }
  });

  it("rate-limits acceptance attempts per client address", async () => {
    const { token } = await invite("guess@example.com");
    let last: Response | undefined;
    for (let i = 0; i < 21; i += 1) last = await accept(token, { name: "x", password: "short" }, "192.0.2.55");
    expect(last!.status).toBe(429);
    expect(last!.headers.get("Retry-After")).toBeTruthy();
  });
});

describe("/staff/audit", () => {
  it("shows security events to staff, filtered by kind group, and refuses shoppers", async () => {
    await settle(loginAction({ request: await formRequest("/login", { form: { email: DEMO_ACCOUNTS.shopper, password: "wrong password here" } }), params: {}, context: testContext }));
    const response = await settle(auditLoader({ request: await getRequest("/staff/audit?kind=login", { email: DEMO_ACCOUNTS.staff }), params: {}, context: testContext }));
    expect(response.status).toBe(200);
    const { events } = await response.json();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e: { kind: string }) => e.kind.startsWith("login."))).toBe(true);
    expect(events.some((e: { kind: string; subject_email: string }) => e.kind === "login.failure" && e.subject_email === DEMO_ACCOUNTS.shopper)).toBe(true);
    const refused = await settle(auditLoader({ request: await getRequest("/staff/audit", { email: DEMO_ACCOUNTS.shopper }), params: {}, context: testContext }));
    expect(refused.status).toBe(403);
  });
});
