import { createHash, timingSafeEqual } from "node:crypto";
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "~db/schema";
import { consumeRateLimit, type RateLimitResult } from "~/models/rate-limit.server";
import type { GuestLookupActionData, GuestLookupMobileField } from "~/types/guest-lookup";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm } from "~/utils/form-errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";

/**
 * A guest who lost an order's or a booking's link finds it by its number and the mobile number
 * given with it. The answer is the page itself through a fresh signed link (never the row's own
 * link, which may be the one that leaked), or one answer that does not say which of the two was
 * wrong. Guessing is throttled twice: per client and per number.
 */

export type GuestLookupKind = "order" | "booking";

interface Window {
  limit: number;
  windowSeconds: number;
}

export type GuestLookupResult = { kind: "found"; number: string; path: string; expiresAt: Date } | { kind: "not_found" } | { kind: "rate_limited"; limit: RateLimitResult };

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** `number` and `mobile` already validated and normalised. */
export async function lookupByNumberAndMobile<Row>(
  db: Kysely<Database>,
  input: {
    kind: GuestLookupKind;
    limits: { perClient: Window; perNumber: Window };
    number: string;
    mobile: string;
    clientAddress: string;
    find: (number: string) => Promise<Row | null | undefined>;
    mobileOf: (row: Row) => string;
    /** The row's number and a fresh, time-limited link to its page. */
    freshLink: (row: Row) => { number: string; path: string; expiresAt: Date };
  },
): Promise<GuestLookupResult> {
  for (const rule of [
    { key: `${input.kind}-lookup:client:${input.clientAddress}`, ...input.limits.perClient },
    { key: `${input.kind}-lookup:${input.kind}:${input.number}`, ...input.limits.perNumber },
  ]) {
    const limit = await consumeRateLimit(db, rule);
    if (!limit.allowed) return { kind: "rate_limited", limit };
  }
  const row = await input.find(input.number);
  // Fixed-length digests, so the comparison takes the same time whatever was typed, and a
  // missing row is compared against a value no mobile digests to.
  const matches = timingSafeEqual(digest(row ? input.mobileOf(row) : `\u0000no-${input.kind}`), digest(input.mobile));
  if (!row || !matches) return { kind: "not_found" };
  return { kind: "found", ...input.freshLink(row) };
}

/**
 * A lookup page's action: the honeypot, the form checked against `schema`, then `lookup`.
 * 400 with field errors, 429 when throttled, 404 with the same body for a wrong mobile number
 * and for no such number, or a 303 to the fresh link.
 */
export async function guestLookupAction<F extends GuestLookupMobileField, S extends z.ZodType<{ number: string } & Record<F, string>>>(
  { request, context }: Pick<ActionFunctionArgs, "request" | "context">,
  options: { schema: S; mobileField: F; lookup: (db: Kysely<Database>, input: z.output<S> & { clientAddress: string }) => Promise<GuestLookupResult> },
) {
  type ActionData = GuestLookupActionData<F>;
  const form = await readForm(request);
  checkHoneypot(form);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 40) : "";
  };
  const values = { number: text("number"), [options.mobileField]: text(options.mobileField) } as ActionData["values"];
  const parsed = parseForm(options.schema, form);
  if (!parsed.ok) return json<ActionData>({ values, errors: parsed.errors, formError: "form" }, { status: 400 });
  const result = await options.lookup(db(), { ...parsed.data, clientAddress: context.clientAddress ?? "unknown" });
  if (result.kind === "rate_limited") {
    return json<ActionData>(
      { values, errors: {}, formError: "tooMany", minutes: Math.max(1, Math.ceil(result.limit.retryAfterSeconds / 60)) },
      { status: 429, headers: { "Retry-After": String(result.limit.retryAfterSeconds) } },
    );
  }
  // The same answer, status and body for a wrong mobile number and for no such number.
  if (result.kind === "not_found") return json<ActionData>({ values, errors: {}, formError: "notFound" }, { status: 404 });
  return redirect(result.path, { status: 303, headers: { "Referrer-Policy": "same-origin" } });
}
