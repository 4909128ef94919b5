import type { Kysely } from "kysely";
import type { Database } from "~db/schema";

// The shop's product categories, as the cooperative portal offers them.

export async function categoryOptions(db: Kysely<Database>) {
  return db.selectFrom("categories").select(["id", "slug", "name_zh", "name_en"]).orderBy("position").orderBy("id").execute();
}

export async function categoryExists(db: Kysely<Database>, { id }: { id: number }): Promise<boolean> {
  return Boolean(await db.selectFrom("categories").select("id").where("id", "=", id).executeTakeFirst());
}
