import { sql, type Kysely } from "kysely";

// Refunds made outside the shop (in the provider's dashboard) are recorded as refund rows too,
// so the journal can post them like any other. `origin` tells them apart from the shop's own:
// 'shop' for a refund the shop asked the provider for, 'provider' for one it only heard about.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE refunds ADD COLUMN origin text NOT NULL DEFAULT 'shop' CHECK (origin IN ('shop', 'provider'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE refunds DROP COLUMN IF EXISTS origin`.execute(db);
}
