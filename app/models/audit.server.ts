import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { AUDIT_KINDS, type AuditKind } from "~/schemas/audit";

export { AUDIT_KINDS, type AuditKind };

export interface AuditEventInput {
  kind: AuditKind;
  actorUserId?: number | null;
  subjectUserId?: number | null;
  cooperativeId?: number | null;
  ip?: string | null;
  /** Context for the reader; never a password, token or hash. */
  data?: Record<string, unknown>;
}

export async function recordAuditEvent(db: Kysely<Database>, event: AuditEventInput): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      kind: event.kind,
      actor_user_id: event.actorUserId ?? null,
      subject_user_id: event.subjectUserId ?? null,
      cooperative_id: event.cooperativeId ?? null,
      ip: event.ip ?? null,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}

export interface AuditEventRow {
  id: number;
  kind: string;
  created_at: Date;
  ip: string | null;
  data: Record<string, unknown>;
  actor_email: string | null;
  subject_email: string | null;
  cooperative_id: number | null;
  cooperative_name_zh: string | null;
  cooperative_name_en: string | null;
}

/**
 * Newest first, keyset-paginated by id (`before`). `kind` filters by exact kind or by prefix
 * ("login" matches login.success, login.failure…); `email` matches actor or subject.
 */
export async function listAuditEvents(
  db: Kysely<Database>,
  { kind, email, before, limit = 50 }: { kind?: string; email?: string; before?: number; limit?: number },
): Promise<AuditEventRow[]> {
  let query = db
    .selectFrom("audit_events")
    .leftJoin("users as actor", "actor.id", "audit_events.actor_user_id")
    .leftJoin("users as subject", "subject.id", "audit_events.subject_user_id")
    .leftJoin("cooperatives", "cooperatives.id", "audit_events.cooperative_id")
    .select([
      "audit_events.id",
      "audit_events.kind",
      "audit_events.created_at",
      "audit_events.ip",
      "audit_events.data",
      "audit_events.cooperative_id",
      "actor.email as actor_email",
      "subject.email as subject_email",
      "cooperatives.name_zh as cooperative_name_zh",
      "cooperatives.name_en as cooperative_name_en",
    ])
    .orderBy("audit_events.id", "desc")
    .limit(limit);
  if (kind) query = query.where((eb) => eb.or([eb("audit_events.kind", "=", kind), eb("audit_events.kind", "like", `${kind.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`)]));
  if (email) {
    const normalized = email.trim().toLowerCase();
    query = query.where((eb) => eb.or([eb("actor.email", "=", normalized), eb("subject.email", "=", normalized)]));
  }
  if (before !== undefined) query = query.where("audit_events.id", "<", before);
  return query.execute();
}
