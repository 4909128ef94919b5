import { sql, type Kysely } from "kysely";

// What the payment provider keeps of each captured payment (Stripe's balance-transaction fee, the
// dev provider's simulated 0.6 %): stored on the paid attempt, and posted to a `payment_fees`
// account in the capture's journal transaction (debit payment_fees, credit provider_clearing),
// so the clearing account holds what the provider will actually pay out. Payments made before
// this migration keep a fee of 0: nothing recorded what the provider kept of them.

const ACCOUNTS_BEFORE = ["provider_clearing", "cooperative_payable", "commission_income", "shipping_income"];
const ACCOUNTS_AFTER = [...ACCOUNTS_BEFORE, "payment_fees"];

async function setAccounts(db: Kysely<any>, accounts: readonly string[]): Promise<void> {
  // Migrations run in one transaction: when 0007's backfill posted entries in it, their deferred
  // balance checks are still pending and PostgreSQL refuses to alter the table. Run them now.
  await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(db);
  // The column's inline CHECK of migration 2026_12_02_0007 got PostgreSQL's default name.
  await sql`ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_check`.execute(db);
  await sql`ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_account_check CHECK (account IN (${sql.join(accounts.map((a) => sql.lit(a)))}))`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ["payments", "booking_payments"]) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN fee_fen bigint NOT NULL DEFAULT 0 CHECK (fee_fen >= 0)`.execute(db);
  }
  await setAccounts(db, ACCOUNTS_AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Entries on the fee account cannot be deleted (the journal is append-only): refuse rather than lose them.
  await setAccounts(db, ACCOUNTS_BEFORE);
  for (const table of ["payments", "booking_payments"]) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN IF EXISTS fee_fen`.execute(db);
  }
}
