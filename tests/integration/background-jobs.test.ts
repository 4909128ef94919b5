import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "~db/client";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";
import type { Database } from "~db/schema";
import { backgroundJobs } from "~/services/jobs.server";
import { adminQuery, TEMPLATE_DATABASE, testDatabaseUrl, withDatabaseName } from "../support/database";
import { runTsxScript } from "../support/scripts";

const scratch = mkdtempSync(path.join(tmpdir(), "shanshui-worker-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [full] : [];
  });
}

describe("the job registry", () => {
  it("lists every background job once, clean-ups included", () => {
    const names = backgroundJobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(
      ["booking-holds", "booking-refund-retry", "booking-reminders", "outbox", "rate-limits.cleanup", "refund-retry", "reservation-sweeper", "sessions.cleanup", "signup-requests.cleanup", "statements"].sort(),
    );
    for (const job of backgroundJobs) expect(job.everyMs).toBeGreaterThan(0);
  });

  it("is the only place jobs are defined and the only list anything starts", () => {
    // The registry lists the jobs; the runner declares their shape and runs what it is given.
    const allowed = [path.join("app", "services", "jobs.server.ts"), path.join("app", "services", "background.server.ts")];
    for (const file of [...sourceFiles("app"), ...sourceFiles("db")]) {
      const text = readFileSync(file, "utf8");
      if (!allowed.includes(file)) expect(text, `${file} defines a job outside the registry`).not.toMatch(/\beveryMs\s*:/);
      expect(text, `${file} registers a job as a side effect`).not.toMatch(/registerBackgroundJob/);
      for (const call of text.matchAll(/\b(startBackgroundJobs|runBackgroundJobsOnce)\(([^)]*)\)/g)) {
        if (call.index !== undefined && /function\s+$/.test(text.slice(Math.max(0, call.index - 20), call.index))) continue;
        expect(call[2], `${file} starts jobs that are not the registry's`).toBe("backgroundJobs");
      }
    }
  });
});

// Rows every clean-up job must remove: a session past its expiry, a rate-limit window that
// ended days ago, and a sign-up whose link expired.
const STALE_SESSION = `worker-test-${randomBytes(6).toString("hex")}`;
const STALE_RATE_LIMIT = `worker-test:${randomBytes(6).toString("hex")}`;
const STALE_SIGNUP = `worker-test-${randomBytes(6).toString("hex")}`;

async function seedStaleRows(db: Kysely<Database>): Promise<void> {
  const user = await db.selectFrom("users").select("id").where("email", "=", DEMO_ACCOUNTS.shopper).executeTakeFirstOrThrow();
  await db
    .insertInto("sessions")
    .values({ id: STALE_SESSION, user_id: user.id, expires_at: sql<Date>`now() - interval '1 hour'` })
    .execute();
  await db
    .insertInto("rate_limits")
    .values({ key: STALE_RATE_LIMIT, window_started_at: sql<Date>`now() - interval '3 days'`, hits: 1, blocked_until: null })
    .execute();
  await db
    .insertInto("signup_requests")
    .values({
      token_hash: STALE_SIGNUP,
      email: `${STALE_SIGNUP}@example.test`,
      name: "Stale",
      password_hash: "x",
      locale: "zh",
      redirect_to: null,
      expires_at: sql<Date>`now() - interval '1 hour'`,
    })
    .execute();
}

async function staleRowsLeft(db: Kysely<Database>) {
  const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
  return {
    sessions: await count(db.selectFrom("sessions").select((eb) => eb.fn.countAll().as("n")).where("id", "=", STALE_SESSION).executeTakeFirstOrThrow()),
    rateLimits: await count(db.selectFrom("rate_limits").select((eb) => eb.fn.countAll().as("n")).where("key", "=", STALE_RATE_LIMIT).executeTakeFirstOrThrow()),
    signups: await count(db.selectFrom("signup_requests").select((eb) => eb.fn.countAll().as("n")).where("token_hash", "=", STALE_SIGNUP).executeTakeFirstOrThrow()),
  };
}

describe("npm run worker, with BACKGROUND_JOBS=off for the app instances", () => {
  it("runs every job of the registry, session and rate-limit clean-up included", { timeout: 180_000 }, async () => {
    const dataDir = path.join(scratch, "worker");
    mkdirSync(dataDir, { recursive: true });
    const url = testDatabaseUrl();
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let cleanUp = async () => {};
    if (url) {
      const name = `shanshui_worker_${process.pid}_${randomBytes(4).toString("hex")}`;
      await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
      const databaseUrl = withDatabaseName(url, name);
      env = { DATABASE_URL: databaseUrl, SESSION_SECRET: randomBytes(32).toString("hex"), PAYMENT_PROVIDER: "dev" };
      open = () => createDatabase({ url: databaseUrl, poolSize: 2 });
      cleanUp = () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else {
      const snapshot = process.env.SHANSHUI_PGLITE_SNAPSHOT;
      if (!snapshot) throw new Error("global setup did not prepare a PGlite snapshot");
      const pgliteDir = path.join(dataDir, "pglite");
      await (await createDatabase({ pgliteDataDir: pgliteDir, pgliteSnapshot: snapshot })).close();
      env = {};
      open = () => createDatabase({ pgliteDataDir: pgliteDir });
    }
    try {
      let handle = await open();
      try {
        await seedStaleRows(handle.db);
        expect(await staleRowsLeft(handle.db)).toEqual({ sessions: 1, rateLimits: 1, signups: 1 });
      } finally {
        await handle.close();
      }

      // The embedded database is one process's at a time: the worker runs while the test holds nothing.
      const run = await runTsxScript("app/services/worker.server.ts", ["--once"], { ...env, DATA_DIR: dataDir, BACKGROUND_JOBS: "off", NODE_ENV: "test" });
      expect(run.code, run.output).toBe(0);
      for (const job of backgroundJobs) expect(run.output).toContain(job.name);

      handle = await open();
      try {
        expect(await staleRowsLeft(handle.db)).toEqual({ sessions: 0, rateLimits: 0, signups: 0 });
      } finally {
        await handle.close();
      }
    } finally {
      await cleanUp();
    }
  });
});
