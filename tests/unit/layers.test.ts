import { createRequire } from "node:module";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

// The layer rules of .dependency-cruiser.cjs, checked on every test run (and by
// `npm run lint:layers` in CI): routes → services → models → db, nothing upwards, no cycles.
const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration;

describe("layers", () => {
  it("no module imports across the layer rules", { timeout: 120_000 }, async () => {
    const { output } = await cruise(["app", "db"], { ruleSet: config, ...config.options, validate: true });
    const violations = (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });
});
