import { sql, type Kysely } from "kysely";

// Relevance ranks the matches of a search by tier, then in stock before sold out, then units
// sold. The last two do not depend on the query, so they are kept per product here instead of
// being worked out for every match of every search. A side table, so that checkout never locks
// a product row: the variants trigger writes only when a product goes from in stock to sold out
// or back (an UPDATE whose WHERE does not match takes no lock), and sales change when an
// order's payment does. A product without a row has no variant on sale: it sorts as sold out.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE product_ranks (
    product_id integer PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    sold_out boolean NOT NULL,
    sales integer NOT NULL DEFAULT 0
  )`.execute(db);

  await sql`CREATE FUNCTION product_rank_stock(pid integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      out boolean := NOT EXISTS (SELECT 1 FROM variants v WHERE v.product_id = pid AND v.active AND v.stock_on_hand > v.stock_reserved);
    BEGIN
      UPDATE product_ranks SET sold_out = out WHERE product_id = pid AND sold_out IS DISTINCT FROM out;
      IF NOT FOUND THEN
        INSERT INTO product_ranks (product_id, sold_out)
        SELECT pid, out WHERE EXISTS (SELECT 1 FROM products WHERE id = pid)
        ON CONFLICT (product_id) DO NOTHING;
      END IF;
    END $$`.execute(db);

  await sql`CREATE FUNCTION product_rank_sales(pid integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      sold integer := COALESCE((
        SELECT sum(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
        WHERE oi.product_id = pid AND o.payment_status IN ('paid', 'partially_refunded')
      ), 0);
    BEGIN
      UPDATE product_ranks SET sales = sold WHERE product_id = pid AND sales <> sold;
    END $$`.execute(db);

  await sql`CREATE FUNCTION product_ranks_from_variants() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM product_rank_stock(OLD.product_id); END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.product_id <> OLD.product_id) THEN
        PERFORM product_rank_stock(NEW.product_id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER variants_product_ranks AFTER INSERT OR DELETE OR UPDATE OF stock_on_hand, stock_reserved, active, product_id
    ON variants FOR EACH ROW EXECUTE FUNCTION product_ranks_from_variants()`.execute(db);

  await sql`CREATE FUNCTION product_ranks_from_orders() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE pid integer;
    BEGIN
      FOR pid IN SELECT DISTINCT oi.product_id FROM order_items oi WHERE oi.order_id = NEW.id AND oi.product_id IS NOT NULL LOOP
        PERFORM product_rank_sales(pid);
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER orders_product_ranks AFTER UPDATE OF payment_status ON orders FOR EACH ROW
    WHEN (OLD.payment_status IS DISTINCT FROM NEW.payment_status) EXECUTE FUNCTION product_ranks_from_orders()`.execute(db);

  await sql`CREATE FUNCTION product_ranks_from_order_items() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.product_id IS NOT NULL THEN PERFORM product_rank_sales(OLD.product_id); END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.product_id IS NOT NULL THEN PERFORM product_rank_sales(NEW.product_id); END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER order_items_product_ranks AFTER INSERT OR DELETE OR UPDATE OF product_id, quantity, order_id
    ON order_items FOR EACH ROW EXECUTE FUNCTION product_ranks_from_order_items()`.execute(db);

  await refreshAll(db);
}

/** Every product's row from scratch (also what a bulk load that skipped the triggers calls). */
async function refreshAll(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO product_ranks (product_id, sold_out, sales)
    SELECT p.id,
      NOT EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.active AND v.stock_on_hand > v.stock_reserved),
      COALESCE((SELECT sum(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
        WHERE oi.product_id = p.id AND o.payment_status IN ('paid', 'partially_refunded')), 0)
    FROM products p
    ON CONFLICT (product_id) DO UPDATE SET sold_out = excluded.sold_out, sales = excluded.sales`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS order_items_product_ranks ON order_items`.execute(db);
  await sql`DROP TRIGGER IF EXISTS orders_product_ranks ON orders`.execute(db);
  await sql`DROP TRIGGER IF EXISTS variants_product_ranks ON variants`.execute(db);
  await sql`DROP FUNCTION IF EXISTS product_ranks_from_order_items(), product_ranks_from_orders(), product_ranks_from_variants(),
    product_rank_sales(integer), product_rank_stock(integer)`.execute(db);
  await sql`DROP TABLE IF EXISTS product_ranks`.execute(db);
}
