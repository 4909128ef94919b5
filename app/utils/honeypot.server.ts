import { json } from "@remix-run/node";
import { HONEYPOT_FIELD } from "~/utils/honeypot";

/**
 * Refuses (400) a form whose hidden trap field was filled in: only bots do that.
 * Call it first in the action of every public form that renders `<HoneypotField />`.
 */
export function checkHoneypot(formData: FormData): void {
  const value = formData.get(HONEYPOT_FIELD);
  if (typeof value === "string" && value.length > 0) {
    // A JSON body, so the error page shows its generic (translated) text.
    throw json({ error: "bad_request" }, { status: 400 });
  }
}

/** Whether the trap was filled, for callers that want to log the attempt before refusing. */
export function honeypotFilled(formData: FormData): boolean {
  const value = formData.get(HONEYPOT_FIELD);
  return typeof value === "string" && value.length > 0;
}
