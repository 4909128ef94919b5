import type { Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "~db/client";
import type { Database } from "~db/schema";
import { adminQuery, TEMPLATE_DATABASE, testDatabaseUrl, withDatabaseName } from "./database";
import { startServer, type RunningServer } from "./server";

export interface SeededServer {
  /** The running server (a new one after `withDatabase` on PGlite). */
  readonly server: RunningServer;
  /**
   * Runs `fn` on the server's own database. On PostgreSQL beside the running server; on PGlite,
   * which one process holds at a time, the server is stopped meanwhile and started again after
   * on the same data (same sessions, secret and rows; a new port).
   */
  withDatabase<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  cleanUp(): Promise<void>;
}

/**
 * Starts the built server on a database that is already migrated and seeded (a copy of the
 * test template): a copy of the PGlite snapshot, or with TEST_DATABASE_URL a fresh PostgreSQL
 * database, as in production. `env` is added to the server's environment.
 */
export async function startSeededServer(env: Record<string, string> = {}): Promise<SeededServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-http-"));
  const url = testDatabaseUrl();
  if (url) {
    const name = `shanshui_http_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
    const databaseUrl = withDatabaseName(url, name);
    const server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      PAYMENT_PROVIDER: "dev",
      BACKGROUND_JOBS: "off",
      ...env,
    });
    return {
      server,
      async withDatabase(fn) {
        const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
        try {
          return await fn(handle.db);
        } finally {
          await handle.close();
        }
      },
      cleanUp: async () => {
        await server.stop();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const snapshot = process.env.SHANSHUI_PGLITE_SNAPSHOT;
  if (!snapshot) throw new Error("global setup did not prepare a PGlite snapshot");
  const pgliteDir = path.join(dataDir, "pglite");
  const copy = await createDatabase({ pgliteDataDir: pgliteDir, pgliteSnapshot: snapshot });
  await copy.close();
  const serverEnv = { DATA_DIR: dataDir, BACKGROUND_JOBS: "off", ...env };
  let server = await startServer(serverEnv);
  return {
    get server() {
      return server;
    },
    async withDatabase(fn) {
      await server.stop();
      const handle = await createDatabase({ pgliteDataDir: pgliteDir });
      try {
        return await fn(handle.db);
      } finally {
        await handle.close();
        server = await startServer(serverEnv);
      }
    },
    cleanUp: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process in MiB: now (VmRSS) and its peak so far (VmHWM). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? NaN);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}
