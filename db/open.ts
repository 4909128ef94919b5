import { getEnv } from "~/utils/env.server";
import { createDatabase, type DatabaseHandle } from "~db/client";

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else the embedded PGlite. */
export function openDatabase(): Promise<DatabaseHandle> {
  const env = getEnv();
  return createDatabase({ url: env.DATABASE_URL, pgliteDataDir: env.pgliteDir, poolSize: env.DATABASE_POOL_SIZE });
}
