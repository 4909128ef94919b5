import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Result } from "autocannon";

const CHILD = fileURLToPath(new URL("../cannon-child.ts", import.meta.url));

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Bytes read per response, headers included. */
  wireBytes: number;
  status: { "2xx": number; "3xx": number; "4xx": number; "5xx": number };
  errors: number;
  timeouts: number;
}

/** One autocannon run in a child process. */
export function load(spec: LoadSpec): Promise<LoadResult> {
  const options = { url: spec.url, connections: spec.connections, duration: spec.duration, headers: spec.headers, method: spec.method, body: spec.body, timeout: 30 };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${stderr}`));
      const result = JSON.parse(stdout) as Result;
      const requests = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
      resolve({
        rps: requests / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests,
        wireBytes: requests ? result.throughput.total / requests : 0,
        status: { "2xx": result["2xx"], "3xx": result["3xx"], "4xx": result["4xx"], "5xx": result["5xx"] },
        errors: result.errors,
        timeouts: result.timeouts,
      });
    });
  });
}

/** Several loads at once (two app instances), summed: requests add up, latencies are the worst. */
export async function loadInParallel(specs: LoadSpec[]): Promise<LoadResult & { parts: LoadResult[] }> {
  const parts = await Promise.all(specs.map(load));
  const sum = (pick: (r: LoadResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
  const requests = sum((r) => r.requests);
  return {
    rps: sum((r) => r.rps),
    p50: Math.max(...parts.map((r) => r.p50)),
    p99: Math.max(...parts.map((r) => r.p99)),
    requests,
    wireBytes: requests ? sum((r) => r.wireBytes * r.requests) / requests : 0,
    status: {
      "2xx": sum((r) => r.status["2xx"]),
      "3xx": sum((r) => r.status["3xx"]),
      "4xx": sum((r) => r.status["4xx"]),
      "5xx": sum((r) => r.status["5xx"]),
    },
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    parts,
  };
}
