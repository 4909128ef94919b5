import { deleteStaleRateLimits } from "~/models/rate-limit.server";
import { deleteExpiredSignupRequests } from "~/models/signup-request.server";
import { issueDueStatements } from "~/models/statement.server";
import type { BackgroundJob } from "~/services/background.server";
import { runOutboxWorker } from "~/services/outbox-worker.server";
import { retryUnsubmittedRefunds } from "~/services/refunds.server";
import { sweepExpiredReservations } from "~/services/reservation-sweeper.server";
import { expireBookingHolds } from "~/services/bookings.server";
import { queueBookingReminders } from "~/services/booking-guest.server";
import { retryUnsubmittedBookingRefunds } from "~/services/booking-refunds.server";
import { chinaToday } from "~/utils/dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { deleteExpiredSessions } from "~/models/session.server";

const HOUR = 60 * 60 * 1000;

/**
 * Every background job, in one list: the app (with `BACKGROUND_JOBS=on`) and `npm run worker`
 * both start exactly these, so a job added here runs wherever jobs run, and nothing else does.
 * Each job must be safe to run on several instances at once.
 */
export const backgroundJobs: readonly BackgroundJob[] = [
  { name: "outbox", everyMs: 5_000, run: () => runOutboxWorker() },
  { name: "reservation-sweeper", everyMs: 30_000, run: () => sweepExpiredReservations(db()) },
  { name: "refund-retry", everyMs: 60_000, run: () => retryUnsubmittedRefunds(db()) },
  { name: "signup-requests.cleanup", everyMs: HOUR, run: () => deleteExpiredSignupRequests(db()) },
  { name: "sessions.cleanup", everyMs: HOUR, run: () => deleteExpiredSessions(db()) },
  { name: "rate-limits.cleanup", everyMs: HOUR, run: () => deleteStaleRateLimits(db()) },
  // Statements of the periods that ended: each cooperative's once (an advisory lock per cooperative and
  // a unique period make a second instance's run a no-op).
  { name: "statements", everyMs: HOUR, run: () => issueDueStatements(db(), { today: chinaToday(), holdDays: getEnv().SETTLEMENT_HOLD_DAYS }) },
  // Booking holds past their payment window free their nights and slot places (once: a guarded update).
  { name: "booking-holds", everyMs: 30_000, run: () => expireBookingHolds(db()) },
  // Refunds of cancelled bookings the provider did not take yet (it was down): asked again.
  { name: "booking-refund-retry", everyMs: 60_000, run: () => retryUnsubmittedBookingRefunds(db()) },
  // The reminder two days before arrival: once per booking (a marker column under a guard).
  { name: "booking-reminders", everyMs: HOUR, run: () => queueBookingReminders(db()) },
];
