import type { z } from "zod";

/**
 * `{ field: firstErrorKey }` from a failed parse, for a form to show beside each control
 * (an issue without a path is the whole form's). `Errors` narrows the keys to a form's fields.
 */
export function fieldErrors<Errors extends Partial<Record<string, string>> = Record<string, string>>(error: z.ZodError): Errors {
  const errors: Partial<Record<string, string>> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors as Errors;
}
