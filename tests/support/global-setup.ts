import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "~db/client";
import { migrateDatabase } from "~/services/migrate.server";
import { seedDemoIfEmpty } from "~/seed/seed.server";
import { adminQuery, testDatabaseUrl, withDatabaseName } from "./database";

// Migrates and seeds once per run; every test file then starts from a copy.
export default async function globalSetup() {
  process.env.NODE_ENV = "test";
  const scratch = mkdtempSync(path.join(tmpdir(), "shanshui-test-"));
  process.env.DATA_DIR = scratch;
  const url = testDatabaseUrl();
  const TEMPLATE_DATABASE = `shanshui_test_template_${process.pid}`;
  process.env.SHANSHUI_TEMPLATE_DB = TEMPLATE_DATABASE;
  if (url) {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await adminQuery(url, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const handle = await createDatabase({ url: withDatabaseName(url, TEMPLATE_DATABASE) });
    await migrateDatabase(handle.db);
    await seedDemoIfEmpty(handle.db, { money: false });
    await handle.close();
  } else {
    const handle = await createDatabase({ pgliteDataDir: "memory://" });
    await migrateDatabase(handle.db);
    await seedDemoIfEmpty(handle.db, { money: false });
    const file = path.join(scratch, "pglite-snapshot.tar.gz");
    writeFileSync(file, Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
    await handle.close();
    process.env.SHANSHUI_PGLITE_SNAPSHOT = file;
  }
  return async () => {
    if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    rmSync(scratch, { recursive: true, force: true });
  };
}
