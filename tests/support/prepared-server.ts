import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type DatabaseHandle } from "~db/client";
import { startServer, type RunningServer } from "./server";

/**
 * Starts the production build on its own data directory after writing to its database: the
 * first start migrates and seeds, the server is stopped while `prepare` writes (an embedded
 * database is held by one process at a time), then it starts again. `stop()` also removes
 * the data directory.
 */
export async function startPreparedServer(
  env: Record<string, string>,
  prepare: (db: DatabaseHandle["db"]) => Promise<void>,
  name = "prepared",
): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `shanshui-${name}-`));
  const withData = { ...env, DATA_DIR: dataDir };
  try {
    await (await startServer(withData)).stop();
    const handle = await createDatabase({ pgliteDataDir: path.join(dataDir, "pglite") });
    try {
      await prepare(handle.db);
    } finally {
      await handle.close();
    }
    const server = await startServer(withData);
    return {
      ...server,
      async stop() {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
