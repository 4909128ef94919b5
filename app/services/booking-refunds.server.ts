import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { listUnsubmittedBookingRefunds } from "~/models/booking-guest.server";
import { getBookingRefund, settleBookingRefund } from "~/models/booking-payment.server";
import { withTransaction } from "~/models/transaction.server";
import { paymentProviderFor } from "~/services/payments/index.server";

// Booking refunds on their way to the provider: every refund is first a row (in the transaction
// that decided it), then submitted after commit under its idempotency key. A provider that is
// down leaves the row pending; the retry job submits it again later.

/** Asks the provider for a refund on record; the same key never refunds twice. */
export async function submitBookingRefund(db: Kysely<Database>, refundId: number): Promise<void> {
  const refund = await getBookingRefund(db, { refundId });
  if (!refund || refund.status !== "pending" || !refund.provider_payment_id) return;
  const answer = await paymentProviderFor(refund.provider).refund({
    providerPaymentId: refund.provider_payment_id,
    amountFen: Number(refund.amount_fen),
    idempotencyKey: refund.idempotency_key,
    reason: refund.reason,
  });
  await withTransaction(db, (trx) => settleBookingRefund(trx, { refundId, providerRefundId: answer.providerRefundId, status: answer.status }));
}

/** Submits booking refunds that were recorded but never reached the provider (it was down). */
export async function retryUnsubmittedBookingRefunds(db: Kysely<Database>, now = new Date()): Promise<number> {
  const stale = await listUnsubmittedBookingRefunds(db, { olderThan: new Date(now.getTime() - 60_000), limit: 20 });
  let submitted = 0;
  for (const { id } of stale) {
    try {
      await submitBookingRefund(db, id);
      submitted += 1;
    } catch (error) {
      console.warn(`[booking-refunds] refund ${id} still not submitted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return submitted;
}
