import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { SEARCH_DOCUMENT_VERSION, searchDocument } from "~/utils/search.server";

// Keeps products' search documents in step with everything they are built from: the product's
// names, descriptions and county, its category, its brand and its cooperative. Every writer of
// those calls refreshSearchDocuments with what it changed; the migrate step rebuilds whatever an
// older dictionary made (idempotent: only rows whose search_version is behind are touched).

export type SearchDocumentScope =
  | { productIds: readonly number[] }
  | { brandId: number }
  | { categoryId: number }
  | { cooperativeId: number }
  | { stale: true };

const BATCH = 500;

/** Rebuilds the search documents of the products in scope; returns how many were written. */
export async function refreshSearchDocuments(db: Kysely<Database>, scope: SearchDocumentScope): Promise<number> {
  if ("productIds" in scope && scope.productIds.length === 0) return 0;
  let written = 0;
  for (let after = 0; ; ) {
    let query = db
      .selectFrom("products as p")
      .innerJoin("categories as cat", "cat.id", "p.category_id")
      .innerJoin("cooperatives as co", "co.id", "p.cooperative_id")
      .leftJoin("brands as b", "b.id", "p.brand_id")
      .select([
        "p.id",
        "p.name_zh",
        "p.name_en",
        "p.description_zh",
        "p.description_en",
        "p.origin_county_zh",
        "p.origin_county_en",
        "cat.name_zh as category_zh",
        "cat.name_en as category_en",
        "co.name_zh as cooperative_zh",
        "co.name_en as cooperative_en",
        "b.name as brand",
      ])
      .where("p.id", ">", after)
      .orderBy("p.id")
      .limit(BATCH);
    if ("productIds" in scope) query = query.where("p.id", "in", [...scope.productIds]);
    else if ("brandId" in scope) query = query.where("p.brand_id", "=", scope.brandId);
    else if ("categoryId" in scope) query = query.where("p.category_id", "=", scope.categoryId);
    else if ("cooperativeId" in scope) query = query.where("p.cooperative_id", "=", scope.cooperativeId);
    else query = query.where("p.search_version", "<", SEARCH_DOCUMENT_VERSION);
    const rows = await query.execute();
    if (rows.length === 0) break;
    const documents = rows.map((row) => ({
      id: row.id,
      doc: searchDocument({
        ...row,
        category: { name_zh: row.category_zh, name_en: row.category_en },
        cooperative: { name_zh: row.cooperative_zh, name_en: row.cooperative_en },
        brand: row.brand === null ? null : { name: row.brand },
      }),
    }));
    // One statement per batch.
    await sql`UPDATE products p SET search_document = v.doc::tsvector, search_version = ${SEARCH_DOCUMENT_VERSION}
      FROM json_to_recordset(${JSON.stringify(documents)}::json) AS v(id integer, doc text) WHERE p.id = v.id`.execute(db);
    written += rows.length;
    after = rows.at(-1)!.id;
    if (rows.length < BATCH) break;
  }
  return written;
}

/** Builds the documents an older dictionary (or none) made: run after migrating, on every start. */
export async function refreshStaleSearchDocuments(db: Kysely<Database>): Promise<number> {
  const written = await refreshSearchDocuments(db, { stale: true });
  if (written > 0) console.info(`[search] built ${written} search document${written === 1 ? "" : "s"} (version ${SEARCH_DOCUMENT_VERSION})`);
  return written;
}
