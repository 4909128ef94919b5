import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const FLOOR = fileURLToPath(new URL("../framework-floor.tsx", import.meta.url));

/** Starts tests/bench/framework-floor.tsx in its own process; resolves with its origin. */
export function startFrameworkFloor(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", FLOOR], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
      const url = /^(http:\/\/\S+)\n/.exec(stdout)?.[1];
      if (url) resolve({ url, stop });
    });
    child.on("exit", (code) => reject(new Error(`the framework floor exited with ${code}: ${stderr}`)));
    child.on("error", reject);
  });
}
