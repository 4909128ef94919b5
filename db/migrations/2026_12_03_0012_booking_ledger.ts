import { sql, type Kysely } from "kysely";

// Stay and experience bookings post to the settlement ledger as orders do: a captured booking
// payment is the cooperative's income (less the commission) and a refund of it reverses that.
// A journal transaction names either an order or a booking, never both; the booking columns
// say which booking, which payment attempt and which refund it posts (one key per event).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE ledger_transactions
    ADD COLUMN booking_id integer REFERENCES bookings(id),
    ADD COLUMN booking_payment_id integer REFERENCES booking_payments(id),
    ADD COLUMN booking_refund_id integer REFERENCES booking_refunds(id),
    ADD CONSTRAINT ledger_transactions_order_or_booking CHECK (order_id IS NULL OR booking_id IS NULL)`.execute(db);
  await sql`CREATE INDEX ledger_transactions_booking_idx ON ledger_transactions (booking_id) WHERE booking_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS ledger_transactions_booking_idx`.execute(db);
  await sql`ALTER TABLE ledger_transactions
    DROP CONSTRAINT IF EXISTS ledger_transactions_order_or_booking,
    DROP COLUMN IF EXISTS booking_refund_id,
    DROP COLUMN IF EXISTS booking_payment_id,
    DROP COLUMN IF EXISTS booking_id`.execute(db);
}
