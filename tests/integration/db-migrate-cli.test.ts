import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "~db/client";
import { migrations } from "~db/migrations/index";
import type { Database } from "~db/schema";
import { adminQuery, testDatabaseUrl, withDatabaseName } from "../support/database";
import { runTsxScript } from "../support/scripts";

// `npm run db:migrate` runs on a database host that has none of the app's secrets: it must
// need DATABASE_URL and nothing else (or nothing at all for the embedded database).
const MIGRATE = "app/seed/migrate.server.ts";
const scratch = mkdtempSync(path.join(tmpdir(), "shanshui-migrate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const result = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return result.rows.map((row) => row.name);
}

describe("npm run db:migrate with a minimal environment", () => {
  it("migrates the embedded database with no variables at all but DATA_DIR", { timeout: 180_000 }, async () => {
    const dataDir = path.join(scratch, "embedded");
    const run = await runTsxScript(MIGRATE, [], { DATA_DIR: dataDir });
    expect(run.output).not.toContain("failed");
    expect(run.code).toBe(0);
    const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    try {
      expect(await appliedMigrations(handle.db)).toEqual(Object.keys(migrations).sort());
    } finally {
      await handle.close();
    }
  });

  it("names a bad DATABASE_URL instead of asking for the app's settings", { timeout: 60_000 }, async () => {
    const run = await runTsxScript(MIGRATE, [], { DATABASE_URL: "mysql://localhost/shop" });
    expect(run.code).toBe(1);
    expect(run.output).toContain("DATABASE_URL");
    expect(run.output).not.toMatch(/SESSION_SECRET|STRIPE/);
  });

  const url = testDatabaseUrl();
  it.skipIf(!url)("migrates a fresh PostgreSQL database given only DATABASE_URL", { timeout: 180_000 }, async () => {
    const name = `shanshui_migrate_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url!, `CREATE DATABASE ${name}`);
    try {
      const databaseUrl = withDatabaseName(url!, name);
      const run = await runTsxScript(MIGRATE, [], { DATABASE_URL: databaseUrl });
      expect(run.output).not.toContain("failed");
      expect(run.code).toBe(0);
      const handle = await createDatabase({ url: databaseUrl, poolSize: 1 });
      try {
        expect(await appliedMigrations(handle.db)).toEqual(Object.keys(migrations).sort());
      } finally {
        await handle.close();
      }
    } finally {
      await adminQuery(url!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
