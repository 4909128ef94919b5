import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type DatabaseHandle } from "~db/client";

/**
 * Test databases. With TEST_DATABASE_URL each test file gets a fresh PostgreSQL database
 * copied from a migrated and seeded template; without it, an in-memory PGlite loaded from
 * a snapshot of the same migrated and seeded state.
 */
// One template per test run (the global setup names it), so runs started side by side on
// the same server never drop each other's template.
export const TEMPLATE_DATABASE = process.env.SHANSHUI_TEMPLATE_DB ?? "shanshui_test_template";

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL?.trim() || undefined;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  handle: DatabaseHandle;
  url?: string;
  drop(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (url) {
    const name = `shanshui_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
    const databaseUrl = withDatabaseName(url, name);
    const handle = await createDatabase({ url: databaseUrl, poolSize: 20 });
    return {
      handle,
      url: databaseUrl,
      async drop() {
        await handle.close();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const snapshot = process.env.SHANSHUI_PGLITE_SNAPSHOT;
  if (!snapshot) throw new Error("global setup did not prepare a PGlite snapshot");
  const handle = await createDatabase({ pgliteDataDir: "memory://", pgliteSnapshot: snapshot });
  return { handle, drop: () => handle.close() };
}
