import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";

/** Whether the database answers a query at all (throws when it does not). */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
