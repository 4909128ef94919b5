import { sql, type Kysely } from "kysely";

// The name tiers of relevance (the product is, or is named, what was typed) are where a common
// word has thousands of matches. Ranked from `products`, each match costs a visit to a wide row
// and a recheck of its weighted, TOASTed search document, and a join to product_ranks for the
// tie-breaks. Here product_ranks also carries what those tiers need: whether the product is
// listed, the words of its name (the weight-A part of its document, without weights, so the GIN
// index answers without a recheck) and its names for the tie-break. A name tier is then read
// from this narrow table alone and stops at the page.
//
// Kept by triggers on products (only when the listing, a name or the document changes, so a
// price update of a variant does not touch it) and by refresh_product_ranks(ids), which bulk
// loads that skip triggers call for the products they wrote.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE product_ranks
    ADD COLUMN listed boolean NOT NULL DEFAULT false,
    ADD COLUMN name_terms tsvector NOT NULL DEFAULT '',
    ADD COLUMN name_zh_key text NOT NULL DEFAULT '',
    ADD COLUMN name_en_key text NOT NULL DEFAULT ''`.execute(db);

  await sql`CREATE FUNCTION refresh_product_ranks(ids integer[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO product_ranks (product_id, sold_out, sales, listed, name_terms, name_zh_key, name_en_key)
    SELECT p.id,
      NOT EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.active AND v.stock_on_hand > v.stock_reserved),
      COALESCE((SELECT sum(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
        WHERE oi.product_id = p.id AND o.payment_status IN ('paid', 'partially_refunded')), 0),
      p.status = 'active' AND p.price_from_fen IS NOT NULL,
      strip(ts_filter(p.search_document, '{a}')),
      lower(p.name_zh), lower(p.name_en)
    FROM products p
    WHERE ids IS NULL OR p.id = ANY (ids)
    ON CONFLICT (product_id) DO UPDATE SET sold_out = excluded.sold_out, sales = excluded.sales, listed = excluded.listed,
      name_terms = excluded.name_terms, name_zh_key = excluded.name_zh_key, name_en_key = excluded.name_en_key
  $$`.execute(db);

  // A new product has no variant on sale yet: it starts sold out, and the variants trigger
  // takes it from there.
  await sql`CREATE FUNCTION product_ranks_from_products() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO product_ranks (product_id, sold_out, listed, name_terms, name_zh_key, name_en_key)
      VALUES (NEW.id, true, NEW.status = 'active' AND NEW.price_from_fen IS NOT NULL,
        strip(ts_filter(NEW.search_document, '{a}')), lower(NEW.name_zh), lower(NEW.name_en))
      ON CONFLICT (product_id) DO UPDATE SET listed = excluded.listed, name_terms = excluded.name_terms,
        name_zh_key = excluded.name_zh_key, name_en_key = excluded.name_en_key;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER products_product_ranks_insert AFTER INSERT ON products
    FOR EACH ROW EXECUTE FUNCTION product_ranks_from_products()`.execute(db);
  await sql`CREATE TRIGGER products_product_ranks_update AFTER UPDATE OF status, price_from_fen, name_zh, name_en, search_document ON products
    FOR EACH ROW WHEN (
      OLD.status IS DISTINCT FROM NEW.status
      OR (OLD.price_from_fen IS NULL) <> (NEW.price_from_fen IS NULL)
      OR OLD.name_zh IS DISTINCT FROM NEW.name_zh
      OR OLD.name_en IS DISTINCT FROM NEW.name_en
      OR OLD.search_document IS DISTINCT FROM NEW.search_document
    ) EXECUTE FUNCTION product_ranks_from_products()`.execute(db);

  await sql`SELECT refresh_product_ranks(NULL)`.execute(db);
  await sql`CREATE INDEX product_ranks_name_terms_idx ON product_ranks USING gin (name_terms)`.execute(db);
  // The relevance order itself, per page language: for a word that names thousands of products,
  // PostgreSQL walks this in order and stops after the page's 25 matches instead of ranking all
  // of them; for a rare word it still starts from the GIN index. Sales and stock are in it, so
  // their updates are not HOT: a write per payment and per sold-out change, not per page view.
  for (const locale of ["zh", "en"]) {
    await sql`CREATE INDEX ${sql.raw(`product_ranks_order_${locale}_idx`)} ON product_ranks
      (sold_out, sales DESC, char_length(${sql.raw(`name_${locale}_key`)}), ${sql.raw(`name_${locale}_key`)}, product_id) WHERE listed`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS products_product_ranks_update ON products`.execute(db);
  await sql`DROP TRIGGER IF EXISTS products_product_ranks_insert ON products`.execute(db);
  await sql`DROP FUNCTION IF EXISTS product_ranks_from_products(), refresh_product_ranks(integer[])`.execute(db);
  await sql`DROP INDEX IF EXISTS product_ranks_name_terms_idx, product_ranks_order_zh_idx, product_ranks_order_en_idx`.execute(db);
  await sql`ALTER TABLE product_ranks DROP COLUMN IF EXISTS listed, DROP COLUMN IF EXISTS name_terms,
    DROP COLUMN IF EXISTS name_zh_key, DROP COLUMN IF EXISTS name_en_key`.execute(db);
}
