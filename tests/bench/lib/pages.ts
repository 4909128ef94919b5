import type { BaselineServer } from "./baseline";
import { load, type LoadResult } from "./cannon";
import { LOAD_HEADERS, rawGet, type CapturedResponse } from "./http";
import type { Check } from "./table";

export interface LoadContext {
  origin: string;
  baseline: BaselineServer;
  baselineOrigin: string;
  connections: number;
  duration: number;
}

export interface PageRow {
  name: string;
  /** Path and query. */
  url: string;
  headers?: Record<string, string>;
  expectStatus?: number;
}

export interface RowResult {
  row: PageRow;
  captured: CapturedResponse;
  app: LoadResult;
  bare: LoadResult;
  ratio: number;
  checks: Check[];
}

/** A short unmeasured run first, so the row measures a warm process (JIT, pools, caches). */
export function warmupSeconds(duration: number): number {
  return Math.min(3, Math.max(1, Math.round(duration / 5)));
}

/** Loads one URL on the app and the same bytes on the bare server, one after the other. */
export async function measureRow(context: LoadContext, row: PageRow): Promise<RowResult> {
  const headers = { ...LOAD_HEADERS, ...row.headers };
  const url = context.origin + row.url;
  const captured = await rawGet(url, headers);
  const expected = row.expectStatus ?? 200;
  if (captured.status !== expected) {
    throw new Error(`${row.name}: GET ${row.url} answered ${captured.status}, expected ${expected}`);
  }
  const bareUrl = context.baselineOrigin + context.baseline.serve(captured);
  const spec = { connections: context.connections, headers };
  await load({ ...spec, url, duration: warmupSeconds(context.duration) });
  const app = await load({ ...spec, url, duration: context.duration });
  const bare = await load({ ...spec, url: bareUrl, duration: context.duration });
  return { row, captured, app, bare, ratio: app.rps / bare.rps, checks: [] };
}

/** The answers a load row got that it should not have: errors, timeouts, 5xx, or the wrong status class. */
export function loadProblems(result: LoadResult, expectStatus = 200): string | null {
  const wrong = expectStatus === 304 ? result.requests - result.status["3xx"] : result.requests - result.status["2xx"];
  const problems = [
    result.errors && `${result.errors} errors`,
    result.timeouts && `${result.timeouts} timeouts`,
    result.status["5xx"] && `${result.status["5xx"]} 5xx`,
    wrong && `${wrong} not ${expectStatus}`,
  ].filter(Boolean);
  return problems.length ? problems.join(", ") : null;
}

export function latencyCheck(result: LoadResult): Check {
  return { name: "p99 ≤ 3× p50", measured: `${(result.p99 / Math.max(result.p50, 0.001)).toFixed(1)}×`, met: result.p99 <= 3 * Math.max(result.p50, 1) };
}
