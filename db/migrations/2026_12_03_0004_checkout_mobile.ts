import { sql, type Kysely } from "kysely";

// Checkout takes a mainland mobile number as the contact (orders.phone, already required and
// normalised by the form) and the e-mail address only when the shopper gives one: guests in
// China usually do not. An order without an address simply gets no e-mails; its page stays
// reachable through the access link and the lookup by number and mobile. An empty string is
// not an address: "none" is NULL, so nothing can be queued to "".

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders ALTER COLUMN email DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE orders ADD CONSTRAINT orders_email_not_blank CHECK (email IS NULL OR btrim(email) <> '')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_email_not_blank`.execute(db);
  // Orders placed without an address cannot go back under NOT NULL; they keep an obvious placeholder.
  await sql`UPDATE orders SET email = 'no-email@invalid' WHERE email IS NULL`.execute(db);
  await sql`ALTER TABLE orders ALTER COLUMN email SET NOT NULL`.execute(db);
}
