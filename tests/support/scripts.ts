import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import path from "node:path";

export interface ScriptRun {
  code: number | null;
  output: string;
}

/**
 * Runs a TypeScript entry point (as the npm scripts do, through tsx) with exactly `env` plus
 * PATH, HOME and NODE_ENV=production: what the script needs beyond that, it must not need.
 */
export function runTsxScript(file: string, args: string[], env: Record<string, string>, { timeoutMs = 120_000 } = {}): Promise<ScriptRun> {
  const tsx = path.resolve("node_modules/.bin/tsx");
  return new Promise((resolve, reject) => {
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(tsx, ["--tsconfig", path.resolve("tsconfig.json"), path.resolve(file), ...args], {
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
