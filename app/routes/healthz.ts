import { json } from "@remix-run/node";
import { pingDatabase } from "~/models/health.server";
import { db } from "~/utils/db.server";

// Load balancers ask this; it answers 200 only when the database does.
export async function loader() {
  try {
    await pingDatabase(db());
    return json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
