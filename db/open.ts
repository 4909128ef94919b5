import { mkdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from "~db/client";

// The database layer reads its own three settings, so migrating or seeding needs nothing
// else from the environment (no session secret, no payment provider). The app's whole
// configuration (utils/env.server.ts) includes these same rules rather than restating them.
export const databaseSettings = {
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().default(".data"),
};
const settingsSchema = z.object(databaseSettings);

export class DatabaseSettingsError extends Error {
  override name = "DatabaseSettingsError";
}

/** PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR/pglite; throws naming the first bad value. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatabaseSettingsError(`${issue.path.join(".")} ${issue.message}`);
  }
  const settings = parsed.data;
  return {
    url: settings.DATABASE_URL,
    poolSize: settings.DATABASE_POOL_SIZE,
    pgliteDataDir: path.join(path.resolve(settings.DATA_DIR), "pglite"),
  };
}

/** Opens the database the environment names (or the one `options` describe). */
export function openDatabase(options: DatabaseOptions = databaseOptionsFromEnv()): Promise<DatabaseHandle> {
  // PGlite creates its own directory but not the ones above it (DATA_DIR on a first run).
  if (!options.url && options.pgliteDataDir && !options.pgliteDataDir.includes("://")) {
    mkdirSync(path.dirname(options.pgliteDataDir), { recursive: true });
  }
  return createDatabase(options);
}
