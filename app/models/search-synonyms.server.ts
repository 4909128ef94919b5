import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { catalogueMemo } from "~/models/catalogue/version.server";
import { buildVocabulary, normalizeTerm, type Vocabulary } from "~/utils/search.server";

// Synonym groups are data that staff keep (/staff/synonyms). A search reads them, with the
// category names, as its vocabulary: built once per catalogue version (a change to either bumps it).

export async function listSynonymGroups(db: Kysely<Database>) {
  return db.selectFrom("search_synonyms").select(["id", "terms", "created_at"]).orderBy("id").execute();
}

/** Adds a group; the terms are normalised (latin words by their stem) and deduplicated. */
export async function addSynonymGroup(
  db: Kysely<Database>,
  { terms, createdBy }: { terms: readonly string[]; createdBy: number | null },
): Promise<{ ok: true; id: number } | { ok: false; error: "tooFew" }> {
  const normalized = [...new Set(terms.map((t) => normalizeTerm(t)).filter((t): t is string => t !== null))];
  if (normalized.length < 2) return { ok: false, error: "tooFew" };
  const { id } = await db
    .insertInto("search_synonyms")
    .values({ terms: sql<string[]>`${sql.val(normalized)}::text[]`, created_by: createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id };
}

export async function removeSynonymGroup(db: Kysely<Database>, { id }: { id: number }): Promise<boolean> {
  const result = await db.deleteFrom("search_synonyms").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const vocabularies = catalogueMemo<Vocabulary>({ maxEntries: 1 });

/** The words queries are read with (synonyms, produce dictionary, category names and their pinyin). */
export async function searchVocabulary(db: Kysely<Database>): Promise<Vocabulary> {
  return vocabularies(db, "vocabulary", async () => {
    const [groups, categories] = await Promise.all([
      db.selectFrom("search_synonyms").select("terms").orderBy("id").execute(),
      db.selectFrom("categories").select(["name_zh", "name_en"]).execute(),
    ]);
    return buildVocabulary(
      groups.map((g) => g.terms),
      categories.flatMap((c) => [c.name_zh, c.name_en]),
    );
  });
}
