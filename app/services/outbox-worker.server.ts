import { claimOutboxMessages, markOutboxSent, recordOutboxFailure, type OutboxMessage } from "~/models/outbox.server";
import { composeOutboxMail, PermanentDeliveryError } from "~/services/mail/messages.server";
import { mailTransport } from "~/services/mail/transport.server";
import { db } from "~/utils/db.server";

/**
 * Sends what the outbox holds (e-mails), on every app instance at once.
 *
 * Claiming: one short statement, `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`,
 * counts the attempt and moves `available_at` a lease into the future. Another worker's
 * claim skips rows that are locked right now, and afterwards no longer sees them as due,
 * so two workers never take the same message while the lease runs. Nothing is held open
 * while talking to the mail server.
 *
 * Delivery is AT LEAST ONCE: the message is sent, then marked `sent`. A crash between the
 * two leaves the row pending; when its lease runs out another worker sends it again. The
 * repeat carries the same Message-ID (and, on disk, the same file name), so it can be
 * recognised as the same message. The SMTP timeouts are far below the lease, so a slow
 * server cannot make a lease expire in the middle of a send.
 *
 * Failures are retried with exponential backoff (through `available_at`); after
 * `maxAttempts`, or at once for a message that can never be sent, the row is `failed`
 * with the reason in `last_error`, for staff to see.
 */

export type DeliverOutboxMessage = (message: OutboxMessage) => Promise<void>;

export interface OutboxWorkerOptions {
  /** Rows claimed at a time. */
  batchSize?: number;
  /** How long a claimed row stays invisible to other workers. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Delay before the next attempt after `attempts` failed ones. */
  backoffMs?: (attempts: number) => number;
  /** Claims per run at most, so one run of the job ends even while mail keeps arriving. */
  maxBatches?: number;
  deliver?: DeliverOutboxMessage;
}

export const OUTBOX_DEFAULTS = {
  batchSize: 10,
  leaseMs: 5 * 60_000,
  maxAttempts: 8,
  maxBatches: 20,
} as const;

/** 30 s, 1 min, 2 min … capped at an hour, with ±20 % jitter so failures do not retry in step. */
export function outboxBackoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The real delivery: compose the e-mail from the database, hand it to the transport. */
export const deliverOutboxMail: DeliverOutboxMessage = async (message) => {
  const mail = await composeOutboxMail(db(), message);
  await mailTransport().send(mail);
};

export interface OutboxRunResult {
  sent: number;
  retried: number;
  failed: number;
}

/** One run of the worker: claim, deliver, mark, until nothing is due (or maxBatches). */
export async function runOutboxWorker(options: OutboxWorkerOptions = {}): Promise<OutboxRunResult> {
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const maxAttempts = options.maxAttempts ?? OUTBOX_DEFAULTS.maxAttempts;
  const backoff = options.backoffMs ?? outboxBackoffMs;
  const deliver = options.deliver ?? deliverOutboxMail;
  const result: OutboxRunResult = { sent: 0, retried: 0, failed: 0 };

  for (let batch = 0; batch < (options.maxBatches ?? OUTBOX_DEFAULTS.maxBatches); batch += 1) {
    const messages = await claimOutboxMessages(db(), { limit: batchSize, leaseMs });
    if (messages.length === 0) break;
    for (const message of messages) {
      try {
        await deliver(message);
      } catch (error) {
        const permanent = error instanceof PermanentDeliveryError;
        const reason = error instanceof Error ? error.message : String(error);
        const outcome = await recordOutboxFailure(db(), {
          id: message.id,
          attempts: message.attempts,
          error: reason,
          permanent,
          maxAttempts,
          retryInMs: backoff(message.attempts),
        });
        result[outcome === "failed" ? "failed" : "retried"] += 1;
        console.warn(`[outbox] ${message.kind} #${message.id} attempt ${message.attempts} ${outcome === "failed" ? "failed for good" : "will be retried"}: ${reason}`);
        continue;
      }
      await markOutboxSent(db(), { id: message.id });
      result.sent += 1;
    }
    if (messages.length < batchSize) break;
  }
  return result;
}
