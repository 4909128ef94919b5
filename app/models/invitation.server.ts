import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database, Locale } from "~db/schema";
import { hashPassword } from "~/utils/password.server";
import { recordAuditEvent } from "~/models/audit.server";
import { enqueueOutbox } from "~/models/outbox.server";
import { addMembership, findUserByEmail, normalizeEmail, passwordMatches } from "~/models/user.server";
import { withTransaction } from "~/models/transaction.server";

/**
 * One-time links that make someone a member of a cooperative. The token travels only in
 * the link (shown once to the admin and e-mailed to the invitee); the table keeps its
 * SHA-256, so reading the table does not let anyone accept an invitation.
 */
export const INVITATION_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Tokens are 32 random bytes, base64url: 43 characters. */
export function isInvitationTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export async function listCooperativeChoices(db: Kysely<Database>) {
  return db.selectFrom("cooperatives").select(["id", "slug", "name_zh", "name_en"]).orderBy("name_en").execute();
}

export interface CreatedInvitation {
  id: number;
  url: string;
  expiresAt: Date;
}

/**
 * Creates an invitation and queues its e-mail in one transaction (no e-mail for an
 * invitation that was rolled back, no invitation without its e-mail). Returns the link.
 */
export async function createInvitation(
  db: Kysely<Database>,
  input: { cooperativeId: number; email: string; invitedBy: number; locale: Locale; baseUrl: string; ip?: string | null },
): Promise<CreatedInvitation | null> {
  const email = normalizeEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const url = `${input.baseUrl.replace(/\/$/, "")}/invitations/${token}`;
  return withTransaction(db, async (trx) => {
    const cooperative = await trx
      .selectFrom("cooperatives")
      .select(["id", "slug", "name_zh", "name_en"])
      .where("id", "=", input.cooperativeId)
      .executeTakeFirst();
    if (!cooperative) return null;
    const invitation = await trx
      .insertInto("invitations")
      .values({
        cooperative_id: cooperative.id,
        email,
        token_hash: hashInvitationToken(token),
        invited_by: input.invitedBy,
        expires_at: sql<Date>`now() + ${INVITATION_DAYS}::integer * interval '1 day'`,
      })
      .returning(["id", "expires_at"])
      .executeTakeFirstOrThrow();
    await enqueueOutbox(trx, {
      kind: "email.invitation",
      dedupeKey: `invitation:${invitation.id}`,
      payload: {
        to: email,
        locale: input.locale,
        url,
        cooperative: { id: cooperative.id, slug: cooperative.slug, name_zh: cooperative.name_zh, name_en: cooperative.name_en },
        expiresAt: invitation.expires_at.toISOString(),
      },
    });
    await recordAuditEvent(trx, {
      kind: "invitation.created",
      actorUserId: input.invitedBy,
      cooperativeId: cooperative.id,
      ip: input.ip,
      data: { email, invitationId: invitation.id },
    });
    return { id: invitation.id, url, expiresAt: invitation.expires_at };
  });
}

export interface OpenInvitation {
  id: number;
  email: string;
  expiresAt: Date;
  cooperative: { id: number; slug: string; name_zh: string; name_en: string };
  /** Whether an account with the invited e-mail exists (it is then attached, after its password is given). */
  existingAccount: boolean;
}

/** The invitation a token opens, if it is still unused and unexpired. */
export async function findOpenInvitation(db: Kysely<Database>, { token }: { token: string }): Promise<OpenInvitation | null> {
  if (!isInvitationTokenShaped(token)) return null;
  const row = await db
    .selectFrom("invitations")
    .innerJoin("cooperatives", "cooperatives.id", "invitations.cooperative_id")
    .select([
      "invitations.id",
      "invitations.email",
      "invitations.expires_at",
      "cooperatives.id as cooperative_id",
      "cooperatives.slug",
      "cooperatives.name_zh",
      "cooperatives.name_en",
    ])
    .where("invitations.token_hash", "=", hashInvitationToken(token))
    .where("invitations.accepted_at", "is", null)
    .where("invitations.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) return null;
  const existing = await findUserByEmail(db, { email: row.email });
  return {
    id: row.id,
    email: row.email,
    expiresAt: row.expires_at,
    cooperative: { id: row.cooperative_id, slug: row.slug, name_zh: row.name_zh, name_en: row.name_en },
    existingAccount: existing !== undefined,
  };
}

export type InvitationAcceptance =
  | { ok: true; userId: number; cooperativeId: number; createdAccount: boolean }
  | { ok: false; error: "invalid" | "wrong_password" | "disabled" };

/**
 * Accepts an invitation: for a new e-mail creates the account with the given name and
 * password; for an existing one checks its password and attaches it. The token is consumed
 * by a conditional update inside the transaction that also adds the membership, so two
 * simultaneous acceptances cannot both succeed and a failed one leaves the token usable.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  input: { token: string; name?: string; password: string; locale: Locale; ip?: string | null },
): Promise<InvitationAcceptance> {
  const invitation = await findOpenInvitation(db, { token: input.token });
  if (!invitation) return { ok: false, error: "invalid" };
  const existing = await findUserByEmail(db, { email: invitation.email });
  if (existing) {
    // The link proves the mailbox; the password proves the account.
    if (!(await passwordMatches(db, { userId: existing.id, password: input.password }))) return { ok: false, error: "wrong_password" };
    if (existing.disabled_at) return { ok: false, error: "disabled" };
  }
  // Hashing is slow: do it before the transaction holds anything.
  const passwordHash = existing ? null : await hashPassword(input.password);

  return withTransaction(db, async (trx): Promise<InvitationAcceptance> => {
    const consumed = await trx
      .updateTable("invitations")
      .set({ accepted_at: sql<Date>`now()` })
      .where("id", "=", invitation.id)
      .where("accepted_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .returning(["id", "cooperative_id", "email"])
      .executeTakeFirst();
    if (!consumed) return { ok: false, error: "invalid" };

    let userId = existing?.id;
    if (userId === undefined) {
      const created = await trx
        .insertInto("users")
        .values({
          email: consumed.email,
          password_hash: passwordHash,
          name: (input.name ?? "").trim(),
          locale: input.locale,
          password_changed_at: sql<Date>`now()`,
          // Receiving the link at this address proves it.
          email_verified_at: sql<Date>`now()`,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      // Someone signed up with this address since the page was shown: start over with its password.
      if (!created) throw new InvitationRaceError();
      userId = created.id;
    }
    await addMembership(trx, { userId, cooperativeId: consumed.cooperative_id, role: "member" });
    await recordAuditEvent(trx, {
      kind: "invitation.accepted",
      actorUserId: userId,
      subjectUserId: userId,
      cooperativeId: consumed.cooperative_id,
      ip: input.ip,
      data: { invitationId: consumed.id, createdAccount: existing === undefined },
    });
    await recordAuditEvent(trx, { kind: "membership.added", actorUserId: userId, subjectUserId: userId, cooperativeId: consumed.cooperative_id, ip: input.ip, data: { via: "invitation" } });
    return { ok: true, userId, cooperativeId: consumed.cooperative_id, createdAccount: existing === undefined };
  }).catch((error: unknown) => {
    // Only a transaction of its own is rolled back here; inside a caller's, the caller's is.
    if (error instanceof InvitationRaceError && !db.isTransaction) return { ok: false, error: "wrong_password" } as const;
    throw error;
  });
}

class InvitationRaceError extends Error {}
