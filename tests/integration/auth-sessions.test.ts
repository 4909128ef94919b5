import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { setUserDisabled } from "~/models/user.server";
import { getOptionalUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { deleteExpiredSessions } from "~/models/session.server";
import { hashSessionToken, readSessionToken, sessionCookie, startSession } from "~/services/session.server";
import { createTestUser, sessionCookieFor } from "../support/auth";

const asRequest = (cookie: string) => new Request("http://localhost/", { headers: { Cookie: cookie } });

async function sessionIdOf(cookie: string): Promise<string> {
  const token = await readSessionToken(asRequest(cookie));
  if (!token) throw new Error("no token in cookie");
  return hashSessionToken(token);
}

const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of ["NODE_ENV", "PUBLIC_URL", "SESSION_SECRET"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  resetEnvForTests();
});

describe("session storage", () => {
  it("stores only the SHA-256 of a 32-byte random token", async () => {
    const { email, id } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    const token = (await readSessionToken(asRequest(cookie)))!;
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await db().selectFrom("sessions").select("id").where("user_id", "=", id).execute();
    expect(rows.map((r) => r.id)).toEqual([hashSessionToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("refuses a cookie whose value or signature was tampered with", async () => {
    const { email } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    const [name, value] = cookie.split("=") as [string, string];
    const [payload, signature] = decodeURIComponent(value).split(".") as [string, string];
    const forged = `${name}=${encodeURIComponent(`${payload}.${signature.slice(0, -2)}AA`)}`;
    expect(await getOptionalUser(asRequest(forged))).toBeNull();
    // A well-signed cookie for a token that was never issued.
    const invented = await sessionCookie().serialize("A".repeat(43));
    expect(await getOptionalUser(asRequest(invented.split(";")[0]!))).toBeNull();
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();
  });

  it("verifies with every configured secret and signs with the first (rotation)", async () => {
    const oldSecret = "o".repeat(32);
    const newSecret = "n".repeat(32);
    process.env.SESSION_SECRET = oldSecret;
    resetEnvForTests();
    const { email } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    process.env.SESSION_SECRET = `${newSecret},${oldSecret}`;
    resetEnvForTests();
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();
    process.env.SESSION_SECRET = newSecret;
    resetEnvForTests();
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
  });

  it("uses a Secure __Host- cookie in production over HTTPS", async () => {
    process.env.NODE_ENV = "production";
    process.env.PUBLIC_URL = "https://shop.example";
    resetEnvForTests();
    const { id } = await createTestUser();
    const { setCookie } = await startSession(new Request("https://shop.example/login"), { userId: id });
    expect(setCookie).toMatch(/^__Host-shanshui_session=/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
  });

  it("uses a plain cookie name over HTTP in development", async () => {
    const { id } = await createTestUser();
    const { setCookie } = await startSession(new Request("http://localhost/login"), { userId: id });
    expect(setCookie).toMatch(/^shanshui_session=/);
    expect(setCookie).not.toMatch(/Secure/);
  });
});

describe("session expiry", () => {
  it("expires after 14 idle days and slides while in use (written at most once a minute)", async () => {
    const { email } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    const id = await sessionIdOf(cookie);
    const lastSeen = async () => (await db().selectFrom("sessions").select("last_seen_at").where("id", "=", id).executeTakeFirstOrThrow()).last_seen_at;

    await db().updateTable("sessions").set({ last_seen_at: sql<Date>`now() - interval '30 seconds'` }).where("id", "=", id).execute();
    const before = await lastSeen();
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();
    expect((await lastSeen()).getTime()).toBe(before.getTime());

    await db().updateTable("sessions").set({ last_seen_at: sql<Date>`now() - interval '13 days'` }).where("id", "=", id).execute();
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();
    expect(Date.now() - (await lastSeen()).getTime()).toBeLessThan(60_000);

    await db().updateTable("sessions").set({ last_seen_at: sql<Date>`now() - interval '14 days 1 minute'` }).where("id", "=", id).execute();
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
  });

  it("expires 60 days after login however active", async () => {
    const { email } = await createTestUser();
    const cookie = await sessionCookieFor(email);
    const id = await sessionIdOf(cookie);
    const row = await db().selectFrom("sessions").select(["created_at", "expires_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(Math.round((row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000)).toBe(60);
    await db().updateTable("sessions").set({ expires_at: sql<Date>`now() - interval '1 second'`, last_seen_at: sql<Date>`now()` }).where("id", "=", id).execute();
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
    expect(await deleteExpiredSessions(db())).toBeGreaterThanOrEqual(1);
    expect(await db().selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
  });
});

describe("disabled users", () => {
  it("are logged out at once: sessions deleted, and treated as logged out even if a row survived", async () => {
    const { id, email } = await createTestUser();
    const admin = await createTestUser({ role: "admin" });
    const cookie = await sessionCookieFor(email);
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();

    // A disabled flag alone (say, set by hand in SQL) already ends access.
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", id).execute();
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
    await db().updateTable("users").set({ disabled_at: null }).where("id", "=", id).execute();
    expect(await getOptionalUser(asRequest(cookie))).not.toBeNull();

    expect(await setUserDisabled(db(), { userId: id, disabled: true, actorUserId: admin.id })).toBe(true);
    expect(await db().selectFrom("sessions").select("id").where("user_id", "=", id).execute()).toEqual([]);
    // Re-enabling does not bring old sessions back.
    await setUserDisabled(db(), { userId: id, disabled: false, actorUserId: admin.id });
    expect(await getOptionalUser(asRequest(cookie))).toBeNull();
    const kinds = (await db().selectFrom("audit_events").select("kind").where("subject_user_id", "=", id).execute()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["user.disabled", "user.enabled"]));
  });
});
