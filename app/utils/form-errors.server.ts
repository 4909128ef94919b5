import type { z } from "zod";
import type { FieldErrors, FormValues } from "~/types/forms";

export type { FieldErrors, FormValues };

// The one way an action turns a submitted form into typed input or errors to show beside each
// control. `readForm(request)` (form-data.server.ts) reads the body with its limits first.

/**
 * `{ field: firstErrorKey }` from a failed parse, for a form to show beside each control.
 * A nested field is named by its dotted path (`variant.sku`), an item of a list by its
 * index (`season_months.0`); an issue without a path is the whole form's (`form`).
 */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** FormData as a plain object: `arrays` fields keep every value, the rest their first one; files are left out. */
export function formValues(formData: FormData, arrays: readonly string[] = []): FormValues {
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    if (arrays.includes(key)) values[key] = formData.getAll(key).filter((v): v is string => typeof v === "string");
    else {
      const value = formData.get(key);
      if (typeof value === "string") values[key] = value;
    }
  }
  for (const key of arrays) values[key] ??= [];
  return values;
}

/** Nests `variant.sku`-style form names, so one form can carry a product and its first variant. */
export function nestDotted(values: FormValues): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const [head, ...rest] = key.split(".");
    if (!head) continue;
    if (rest.length === 0) {
      nested[head] = value;
      continue;
    }
    const child = (nested[head] ??= {}) as Record<string, unknown>;
    child[rest.join(".")] = value;
  }
  return nested;
}

export type ParsedForm<T> = { ok: true; data: T; values: FormValues } | { ok: false; values: FormValues; errors: FieldErrors };

/**
 * A submitted form checked against its schema: the typed input, or the first error of each
 * field with what was typed (to refill the form). `arrays` names the fields that carry
 * several values (a group of checkboxes).
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, arrays: readonly string[] = []): ParsedForm<z.output<S>> {
  const values = formValues(formData, arrays);
  const result = schema.safeParse(nestDotted(values));
  return result.success ? { ok: true, data: result.data, values } : { ok: false, values, errors: fieldErrors(result.error) };
}
