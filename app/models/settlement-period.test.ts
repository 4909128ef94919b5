import { describe, expect, it } from "vitest";
import { endedPeriods, periodOf } from "~/models/settlement-period";

describe("settlement periods", () => {
  it("are calendar months and Monday-to-Sunday weeks", () => {
    expect(periodOf("monthly", "2026-02-14")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(periodOf("monthly", "2028-02-29")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(periodOf("monthly", "2026-12-31")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
    expect(periodOf("weekly", "2026-12-02")).toEqual({ start: "2026-11-30", end: "2026-12-06" }); // a Wednesday
    expect(periodOf("weekly", "2026-12-06")).toEqual({ start: "2026-11-30", end: "2026-12-06" }); // a Sunday
    expect(periodOf("weekly", "2026-11-30")).toEqual({ start: "2026-11-30", end: "2026-12-06" }); // a Monday
  });

  it("lists the ended periods only, without gaps", () => {
    expect(endedPeriods("monthly", "2026-10-20", "2026-12-02")).toEqual([
      { start: "2026-10-01", end: "2026-10-31" },
      { start: "2026-11-01", end: "2026-11-30" },
    ]);
    expect(endedPeriods("monthly", "2026-12-01", "2026-12-31")).toEqual([]);
    expect(endedPeriods("weekly", "2026-11-20", "2026-12-02").map((p) => p.start)).toEqual(["2026-11-16", "2026-11-23"]);
  });
});
