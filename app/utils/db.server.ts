import type { Kysely } from "kysely";
import type { DatabaseHandle } from "~db/client";
import type { Database } from "~db/schema";

// The process-wide database. It lives on globalThis so that every copy of this module
// (the server bundle, a test's module graph) sees the one handle the process opened.
const slot = globalThis as typeof globalThis & { __shanshuiDatabase?: DatabaseHandle };

export function installDatabase(handle: DatabaseHandle): void {
  slot.__shanshuiDatabase = handle;
}

export function database(): DatabaseHandle {
  const handle = slot.__shanshuiDatabase;
  if (!handle) throw new Error("The database is not open yet: installDatabase() runs at start-up");
  return handle;
}

/** The Kysely instance every model function takes as its first argument. */
export function db(): Kysely<Database> {
  return database().db;
}

export type { Database };
