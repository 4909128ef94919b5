import { addDays, daysBetween } from "~/utils/calendar-dates";

// What a cancelled booking gives back. The listing's policy (copied onto the booking when it
// was made): free until `freeDays` days before arrival, after that `lateRefundPercent` of what
// was paid, and nothing once the arrival day has passed. A host or staff cancellation refunds
// in full. Never more than was captured less what was already refunded, never negative.
// Fen are rounded down: a late refund is never more than the policy promises.

export interface CancellationPolicy {
  freeDays: number;
  lateRefundPercent: number;
}

export type CancelledBy = "guest" | "host" | "staff";

export type RefundRule = "free_window" | "late" | "after_arrival" | "host_or_staff";

export interface RefundDecision {
  refundFen: number;
  rule: RefundRule;
  /** Whole days from today to arrival (negative after it). */
  daysBeforeArrival: number;
}

export function refundForCancellation(input: {
  policy: CancellationPolicy;
  capturedFen: number;
  alreadyRefundedFen?: number;
  /** Check-in date (or the experience's China day). */
  arrival: string;
  /** China today. */
  today: string;
  by: CancelledBy;
}): RefundDecision {
  const refundable = Math.max(0, input.capturedFen - (input.alreadyRefundedFen ?? 0));
  const daysBeforeArrival = daysBetween(input.today, input.arrival);
  const decide = (rule: RefundRule, fen: number): RefundDecision => ({ rule, daysBeforeArrival, refundFen: Math.max(0, Math.min(refundable, fen)) });

  if (input.by !== "guest") return decide("host_or_staff", refundable);
  if (daysBeforeArrival >= input.policy.freeDays && daysBeforeArrival >= 0) return decide("free_window", refundable);
  if (daysBeforeArrival >= 0) {
    const percent = Math.min(100, Math.max(0, input.policy.lateRefundPercent));
    return decide("late", Math.floor((refundable * percent) / 100));
  }
  return decide("after_arrival", 0);
}

/** The last China day a guest cancels for a full refund (shown before paying). */
export function freeCancellationUntil(policy: CancellationPolicy, arrival: string): string {
  return addDays(arrival, -policy.freeDays);
}
