import type { FieldErrors } from "~/types/forms";
import type { UnmetClaim } from "~/models/trust";

// What the cooperative portal's model functions answer: done, or refused with a message key
// per field. A refusal is an answer, not an error, so the page can show it next to the field.

export type Refusal = { ok: false; errors: FieldErrors; unmetClaims?: UnmetClaim[] };
export type Outcome<T = object> = ({ ok: true } & T) | Refusal;

/** The error code and constraint of a unique violation, on PostgreSQL and PGlite alike. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === "23505" ? (e.constraint ?? "") : null;
}

/**
 * A unique violation that lost a race with another request, as the refusal the earlier check
 * would have given: `fields` names the form field of each constraint. Anything else is rethrown.
 */
export function refusalFromConstraint(error: unknown, fields: Record<string, string>): Refusal {
  const constraint = uniqueViolation(error);
  if (constraint !== null) {
    for (const [name, field] of Object.entries(fields)) {
      if (constraint === name) return { ok: false, errors: { [field]: field.endsWith("sku") ? "skuTaken" : field === "slug" ? "slugTaken" : "duplicate" } };
    }
  }
  throw error;
}

/** An id of another cooperative's row (or of none) is answered like a missing page. */
export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}
