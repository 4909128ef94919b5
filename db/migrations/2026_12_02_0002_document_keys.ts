import { sql, type Kysely } from "kysely";

// A brand's or certificate's document_key has one form: `<32 hex>.<pdf|jpg|png>`, the name
// the upload code gives the file under documents/. Rows written with the folder in the key
// (`documents/<32 hex>.pdf`) lose the folder; a key of no known form names no file the shop
// could ever read and is cleared (the record then shows as sent without a document, and
// cannot be verified until one is uploaded). A CHECK keeps it so.

const TABLES = ["brands", "certifications"] as const;
const KEY = "^[a-f0-9]{32}\\.(pdf|jpg|png)$";
const FOLDER_KEY = "^documents/[a-f0-9]{32}\\.(pdf|jpg|png)$";

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`UPDATE ${sql.table(table)} SET document_key = substr(document_key, 11) WHERE document_key ~ ${FOLDER_KEY}`.execute(db);
    await sql`UPDATE ${sql.table(table)} SET document_key = NULL WHERE document_key IS NOT NULL AND document_key !~ ${KEY}`.execute(db);
    await sql
      .raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_document_key_form CHECK (document_key ~ '${KEY}')`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_document_key_form`).execute(db);
  }
}
