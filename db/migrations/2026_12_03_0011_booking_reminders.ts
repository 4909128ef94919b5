import { sql, type Kysely } from "kysely";

// What a guest hears about a booking after paying for it.
//
// - `reminder_queued_at`: the reminder two days before arrival is queued once per booking; the
//   job sets this in the same transaction that queues the e-mail, under a guard on NULL.
// - Live pages: every change of a booking's status or refunds is announced with NOTIFY on the
//   channel the order pages already listen to (`order_changes`), with `{"bookingId": …}`, by a
//   trigger, so whichever code path changes a booking (guest, host, staff, payment, sweep) the
//   open booking page hears of it once the change is committed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE bookings ADD COLUMN reminder_queued_at timestamptz`.execute(db);
  await sql`CREATE INDEX bookings_reminder_due ON bookings (lower(stay_range)) WHERE status = 'paid' AND reminder_queued_at IS NULL`.execute(db);

  await sql`CREATE FUNCTION bookings_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('order_changes', json_build_object('bookingId', NEW.booking_id)::text);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION bookings_notify_own_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status IS DISTINCT FROM OLD.status OR NEW.refunded_fen IS DISTINCT FROM OLD.refunded_fen
        OR NEW.refund_due_fen IS DISTINCT FROM OLD.refund_due_fen THEN
        PERFORM pg_notify('order_changes', json_build_object('bookingId', NEW.id)::text);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER bookings_announce AFTER UPDATE ON bookings FOR EACH ROW EXECUTE FUNCTION bookings_notify_own_change()`.execute(db);
  await sql`CREATE TRIGGER booking_refunds_announce AFTER INSERT OR UPDATE ON booking_refunds FOR EACH ROW EXECUTE FUNCTION bookings_notify_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS booking_refunds_announce ON booking_refunds`.execute(db);
  await sql`DROP TRIGGER IF EXISTS bookings_announce ON bookings`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bookings_notify_change()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS bookings_notify_own_change()`.execute(db);
  await sql`DROP INDEX IF EXISTS bookings_reminder_due`.execute(db);
  await sql`ALTER TABLE bookings DROP COLUMN IF EXISTS reminder_queued_at`.execute(db);
}
