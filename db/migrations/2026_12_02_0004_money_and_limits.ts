import { sql, type Kysely } from "kysely";

// Money columns that hold a sum (an order's totals, a line's total, payments and refunds) were
// `integer`, so a sum past ¥21,474,836.47 (2^31 - 1 fen) failed the insert with a 500. They
// become `bigint` fen; the shop's own limits keep orders far below either width (see
// app/utils/cart-limits.ts), this is the last line of defence. The line check multiplies in
// bigint too, since integer × integer overflows before it is compared. Unit prices stay
// `integer` (a variant costs at most ¥1,000,000).

const SUMS: Record<string, string[]> = {
  orders: ["subtotal_fen", "shipping_fen", "total_fen", "refunded_fen"],
  order_items: ["line_total_fen"],
  payments: ["amount_fen", "captured_fen", "refunded_fen"],
  refunds: ["amount_fen"],
};

/** Drops the CHECK on order_items that computes line_total_fen (PostgreSQL named it, not us). */
async function dropLineTotalCheck(db: Kysely<any>): Promise<void> {
  const found = await sql<{ conname: string }>`
    SELECT conname FROM pg_constraint
    WHERE conrelid = 'order_items'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%line_total_fen =%'`.execute(db);
  if (found.rows.length !== 1) throw new Error(`expected one line total check on order_items, found ${found.rows.length}`);
  await sql`ALTER TABLE order_items DROP CONSTRAINT ${sql.id(found.rows[0]!.conname)}`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // A sign-up waits here until its address is confirmed from the e-mail: the page answers the
  // same whether or not the address already has an account. Only the token's hash is kept.
  await sql`CREATE TABLE signup_requests (
    token_hash text PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL,
    password_hash text NOT NULL,
    locale text NOT NULL CHECK (locale IN ('zh', 'en')),
    redirect_to text,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX signup_requests_email_idx ON signup_requests (email)`.execute(db);
  await sql`CREATE INDEX signup_requests_expires_idx ON signup_requests (expires_at)`.execute(db);

  await dropLineTotalCheck(db);
  for (const [table, columns] of Object.entries(SUMS)) {
    const changes = columns.map((column) => `ALTER COLUMN ${column} TYPE bigint`).join(", ");
    await sql.raw(`ALTER TABLE ${table} ${changes}`).execute(db);
  }
  await sql`ALTER TABLE order_items ADD CONSTRAINT order_items_line_total_fen_check CHECK (line_total_fen = unit_price_fen::bigint * quantity)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS signup_requests`.execute(db);
  await dropLineTotalCheck(db);
  for (const [table, columns] of Object.entries(SUMS)) {
    const changes = columns.map((column) => `ALTER COLUMN ${column} TYPE integer`).join(", ");
    await sql.raw(`ALTER TABLE ${table} ${changes}`).execute(db);
  }
  await sql`ALTER TABLE order_items ADD CONSTRAINT order_items_line_total_fen_check CHECK (line_total_fen = unit_price_fen * quantity)`.execute(db);
}
