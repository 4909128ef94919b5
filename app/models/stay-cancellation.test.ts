import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { freeCancellationUntil, refundForCancellation } from "~/models/stay-cancellation";
import { addDays } from "~/utils/calendar-dates";

const policy = { freeDays: 3, lateRefundPercent: 50 };
const arrival = "2026-10-10";

describe("refundForCancellation", () => {
  it("refunds in full up to N days before arrival, then the percentage, then nothing after arrival", () => {
    const at = (today: string) => refundForCancellation({ policy, capturedFen: 57_600, arrival, today, by: "guest" });
    expect(at("2026-10-01")).toEqual({ refundFen: 57_600, rule: "free_window", daysBeforeArrival: 9 });
    expect(at("2026-10-07")).toEqual({ refundFen: 57_600, rule: "free_window", daysBeforeArrival: 3 });
    expect(at("2026-10-08")).toEqual({ refundFen: 28_800, rule: "late", daysBeforeArrival: 2 });
    expect(at("2026-10-10")).toEqual({ refundFen: 28_800, rule: "late", daysBeforeArrival: 0 });
    expect(at("2026-10-11")).toEqual({ refundFen: 0, rule: "after_arrival", daysBeforeArrival: -1 });
    expect(freeCancellationUntil(policy, arrival)).toBe("2026-10-07");
  });

  it("rounds a late refund down to the fen and subtracts what was already refunded", () => {
    expect(refundForCancellation({ policy: { freeDays: 7, lateRefundPercent: 33 }, capturedFen: 1001, arrival, today: "2026-10-09", by: "guest" }).refundFen).toBe(330);
    expect(refundForCancellation({ policy, capturedFen: 10_000, alreadyRefundedFen: 9_000, arrival, today: "2026-10-01", by: "guest" }).refundFen).toBe(1_000);
  });

  it("refunds a host or staff cancellation in full, even on the day", () => {
    for (const by of ["host", "staff"] as const) {
      expect(refundForCancellation({ policy: { freeDays: 30, lateRefundPercent: 0 }, capturedFen: 40_000, arrival, today: arrival, by })).toEqual({ refundFen: 40_000, rule: "host_or_staff", daysBeforeArrival: 0 });
    }
  });

  it("a zero-day free window is free on the arrival day itself", () => {
    expect(refundForCancellation({ policy: { freeDays: 0, lateRefundPercent: 0 }, capturedFen: 500, arrival, today: arrival, by: "guest" }).rule).toBe("free_window");
  });

  it("always: 0 ≤ refund ≤ captured − already refunded; host/staff give back all of it; earlier is never worse", () => {
    const day = fc.integer({ min: -30, max: 60 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        day,
        day,
        fc.constantFrom("guest", "host", "staff") as fc.Arbitrary<"guest" | "host" | "staff">,
        (freeDays, lateRefundPercent, capturedFen, refunded, offsetA, offsetB, by) => {
          const alreadyRefundedFen = Math.min(refunded, capturedFen);
          const p = { freeDays, lateRefundPercent };
          const left = capturedFen - alreadyRefundedFen;
          const decide = (offset: number) => refundForCancellation({ policy: p, capturedFen, alreadyRefundedFen, arrival, today: addDays(arrival, -offset), by });
          const a = decide(offsetA);
          expect(a.refundFen).toBeGreaterThanOrEqual(0);
          expect(a.refundFen).toBeLessThanOrEqual(left);
          expect(Number.isInteger(a.refundFen)).toBe(true);
          if (by !== "guest") expect(a.refundFen).toBe(left);
          // Cancelling earlier (more days before arrival) never refunds less.
          const b = decide(offsetB);
          if (offsetA >= offsetB) expect(a.refundFen).toBeGreaterThanOrEqual(b.refundFen);
        },
      ),
    );
  });
});
