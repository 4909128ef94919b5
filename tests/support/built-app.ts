import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Tests that start the production build (several app instances, HTTP end to end) make
// sure it exists and is newer than the source, building it once if not (one builder at a
// time across test processes).

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuiltApp(): void {
  const output = path.resolve("build/index.js");
  const fresh = () => existsSync(output) && statSync(output).mtimeMs >= Math.max(newestChange("app"), newestChange("db"));
  if (fresh()) return;
  const lock = path.join(tmpdir(), `shanshui-build-${Buffer.from(process.cwd()).toString("hex").slice(-24)}.lock`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      execFileSync(process.execPath, ["-e", "setTimeout(() => {}, 500)"]);
    }
  }
  try {
    // The test runner sets NODE_ENV=test; a build made under it would use React's development runtime.
    if (!fresh()) execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  } finally {
    rmdirSync(lock);
  }
}
