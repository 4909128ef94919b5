import { sql, type Kysely } from "kysely";
import type { Database, Locale, Role } from "~db/schema";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { deleteAllSessions } from "~/models/session.server";
import { recordAuditEvent } from "~/models/audit.server";
import { withTransaction } from "~/models/transaction.server";

export type CooperativeRole = "owner" | "member";

export interface CooperativeMembership {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  role: CooperativeRole;
}

/** The signed-in user as every loader sees it. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  cooperatives: CooperativeMembership[];
}

/** E-mail addresses are compared trimmed and lower-cased, everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function listMemberships(db: Kysely<Database>, { userId }: { userId: number }): Promise<CooperativeMembership[]> {
  return db
    .selectFrom("cooperative_members")
    .innerJoin("cooperatives", "cooperatives.id", "cooperative_members.cooperative_id")
    .select(["cooperatives.id", "cooperatives.slug", "cooperatives.name_zh", "cooperatives.name_en", "cooperative_members.role"])
    .where("cooperative_members.user_id", "=", userId)
    .orderBy("cooperatives.id")
    .execute();
}

/** The user with their memberships; null when missing or disabled. */
export async function getSessionUser(db: Kysely<Database>, { userId }: { userId: number }): Promise<SessionUser | null> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "locale"])
    .where("id", "=", userId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!user) return null;
  return { ...user, cooperatives: await listMemberships(db, { userId }) };
}

export async function findUserByEmail(db: Kysely<Database>, { email }: { email: string }) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "locale", "disabled_at", "password_hash"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** Whom to write to: the account's name, address and language. */
export async function getUserContact(db: Kysely<Database>, { userId }: { userId: number }) {
  return db.selectFrom("users").select(["name", "email", "locale"]).where("id", "=", userId).executeTakeFirst();
}

export async function getProfile(db: Kysely<Database>, { userId }: { userId: number }) {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "phone", "locale", "role", "password_changed_at", "created_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

// A real argon2id hash of a random password: a login for an unknown e-mail does the same
// work as one for a known e-mail, so response time does not tell which e-mails exist.
let dummyHash: Promise<string> | undefined;
function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`no-such-user-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

export type LoginCheck =
  | { ok: true; user: { id: number; email: string; role: Role; locale: Locale } }
  | { ok: false; reason: "unknown_email" | "wrong_password" | "disabled" | "no_password" };

/**
 * Checks an e-mail and password. The reason is for the audit log only: the visitor is
 * always told the same thing. A disabled account is only reported once its password is right.
 */
export async function checkCredentials(db: Kysely<Database>, { email, password }: { email: string; password: string }): Promise<LoginCheck> {
  const user = await findUserByEmail(db, { email });
  if (!user?.password_hash) {
    await verifyPassword(await timingDummyHash(), password);
    return { ok: false, reason: user ? "no_password" : "unknown_email" };
  }
  if (!(await verifyPassword(user.password_hash, password))) return { ok: false, reason: "wrong_password" };
  if (user.disabled_at) return { ok: false, reason: "disabled" };
  return { ok: true, user: { id: user.id, email: user.email, role: user.role, locale: user.locale } };
}

/**
 * Creates an account; `null` when the e-mail is taken (the unique index decides, so two
 * simultaneous sign-ups with one address cannot both succeed).
 */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; password: string; name: string; role?: Role; locale?: Locale; phone?: string | null },
): Promise<{ id: number } | null> {
  const passwordHash = await hashPassword(input.password);
  const row = await db
    .insertInto("users")
    .values({
      email: normalizeEmail(input.email),
      password_hash: passwordHash,
      name: input.name.trim(),
      role: input.role ?? "shopper",
      locale: input.locale ?? "zh",
      phone: input.phone ?? null,
      password_changed_at: sql<Date>`now()`,
    })
    .onConflict((oc) => oc.column("email").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ?? null;
}

export async function updateProfile(
  db: Kysely<Database>,
  { userId, name, locale, phone }: { userId: number; name: string; locale: Locale; phone: string | null },
): Promise<void> {
  await db
    .updateTable("users")
    .set({ name: name.trim(), locale, phone, updated_at: sql<Date>`now()` })
    .where("id", "=", userId)
    .execute();
}

/**
 * Replaces a password with an already computed hash (hash before opening a transaction:
 * argon2 takes a while). The caller ends the user's other sessions.
 */
export async function setPasswordHash(db: Kysely<Database>, { userId, passwordHash }: { userId: number; passwordHash: string }): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash, password_changed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where("id", "=", userId)
    .execute();
}

/** Whether the password is the user's current one. */
export async function passwordMatches(db: Kysely<Database>, { userId, password }: { userId: number; password: string }): Promise<boolean> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirst();
  if (!row?.password_hash) {
    await verifyPassword(await timingDummyHash(), password);
    return false;
  }
  return verifyPassword(row.password_hash, password);
}

/** Who made an administrative change, for the audit trail. */
export interface Actor {
  actorUserId: number;
  ip?: string | null;
}

/**
 * Creates a staff or admin account with an initial password, recorded in the audit log in
 * the same transaction; `null` when the e-mail is taken.
 */
export async function createStaffAccount(
  db: Kysely<Database>,
  input: { email: string; name: string; role: "staff" | "admin"; password: string; locale?: Locale } & Actor,
): Promise<{ id: number } | null> {
  const passwordHash = await hashPassword(input.password);
  return withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("users")
      .values({
        email: normalizeEmail(input.email),
        password_hash: passwordHash,
        name: input.name.trim(),
        role: input.role,
        locale: input.locale ?? "zh",
        password_changed_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return null;
    await recordAuditEvent(trx, { kind: "user.created", actorUserId: input.actorUserId, subjectUserId: row.id, ip: input.ip, data: { role: input.role } });
    return row;
  });
}

/**
 * Disables or re-enables an account. Disabling deletes every session in the same
 * transaction, so the user is signed out everywhere at once. Returns false when nothing changed.
 */
export async function setUserDisabled(db: Kysely<Database>, { userId, disabled, actorUserId, ip }: { userId: number; disabled: boolean } & Actor): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const result = await trx
      .updateTable("users")
      .set({ disabled_at: disabled ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .where("disabled_at", disabled ? "is" : "is not", null)
      .executeTakeFirst();
    if (disabled) await deleteAllSessions(trx, { userId });
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await recordAuditEvent(trx, { kind: disabled ? "user.disabled" : "user.enabled", actorUserId, subjectUserId: userId, ip });
    return changed;
  });
}

/** Changes a user's role; returns false when the user does not exist or already had it. */
export async function setUserRole(db: Kysely<Database>, { userId, role, actorUserId, ip }: { userId: number; role: Role } & Actor): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const before = await trx.selectFrom("users").select("role").where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!before || before.role === role) return false;
    await trx.updateTable("users").set({ role, updated_at: sql<Date>`now()` }).where("id", "=", userId).execute();
    await recordAuditEvent(trx, { kind: "user.role_changed", actorUserId, subjectUserId: userId, ip, data: { from: before.role, to: role } });
    return true;
  });
}

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Date;
  cooperatives: { id: number; slug: string; name_zh: string; name_en: string; role: CooperativeRole }[];
}

/** Accounts for the admin list, newest first, optionally filtered by part of the e-mail. */
export async function listUsers(db: Kysely<Database>, { emailQuery, limit = 50 }: { emailQuery?: string; limit?: number }): Promise<UserListRow[]> {
  let query = db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "disabled_at", "created_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  const needle = emailQuery?.trim().toLowerCase();
  if (needle) {
    // LIKE wildcards in the query are matched literally.
    const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where("email", "like", `%${escaped}%`);
  }
  const users = await query.execute();
  if (users.length === 0) return [];
  const memberships = await db
    .selectFrom("cooperative_members")
    .innerJoin("cooperatives", "cooperatives.id", "cooperative_members.cooperative_id")
    .select(["cooperative_members.user_id", "cooperatives.id", "cooperatives.slug", "cooperatives.name_zh", "cooperatives.name_en", "cooperative_members.role"])
    .where("cooperative_members.user_id", "in", users.map((u) => u.id))
    .orderBy("cooperatives.id")
    .execute();
  return users.map((user) => ({
    ...user,
    cooperatives: memberships.filter((m) => m.user_id === user.id).map(({ user_id: _, ...membership }) => membership),
  }));
}

/** Adds a membership; returns false when the user already belonged to the cooperative. */
export async function addMembership(
  db: Kysely<Database>,
  { userId, cooperativeId, role = "member" }: { userId: number; cooperativeId: number; role?: CooperativeRole },
): Promise<boolean> {
  const row = await db
    .insertInto("cooperative_members")
    .values({ user_id: userId, cooperative_id: cooperativeId, role })
    .onConflict((oc) => oc.columns(["cooperative_id", "user_id"]).doNothing())
    .returning("user_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeMembership(
  db: Kysely<Database>,
  { userId, cooperativeId, actorUserId, ip }: { userId: number; cooperativeId: number } & Actor,
): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    const result = await trx
      .deleteFrom("cooperative_members")
      .where("user_id", "=", userId)
      .where("cooperative_id", "=", cooperativeId)
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed) await recordAuditEvent(trx, { kind: "membership.removed", actorUserId, subjectUserId: userId, cooperativeId, ip });
    return removed;
  });
}

// Whether an account has proved it receives mail at its address (the link in
// `email.verify_email`); guest orders with that address may join the account only then.

export async function isEmailVerified(db: Kysely<Database>, { userId }: { userId: number }): Promise<boolean> {
  const row = await db.selectFrom("users").select("email_verified_at").where("id", "=", userId).executeTakeFirst();
  return Boolean(row?.email_verified_at);
}

/**
 * Marks the address confirmed, if it is still the account's address (a link made for an
 * address the account has since changed confirms nothing). The first confirmation's time stays.
 */
export async function markEmailVerified(db: Kysely<Database>, { userId, email }: { userId: number; email: string }): Promise<boolean> {
  const updated = await db
    .updateTable("users")
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())`, updated_at: sql`now()` })
    .where("id", "=", userId)
    .where("email", "=", email)
    .returning("id")
    .executeTakeFirst();
  return Boolean(updated);
}
