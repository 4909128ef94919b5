import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { publicProduct } from "~/models/catalogue/shared.server";

export interface SitemapEntry {
  path: string;
  lastModified?: string;
}

/** Every public page a crawler should know: home, the catalogue, products on sale, cooperatives, stays and experiences. */
export async function listSitemapEntries(db: Kysely<Database>): Promise<SitemapEntry[]> {
  const [products, cooperatives, stays] = await Promise.all([
    db
      .selectFrom("products as p")
      .select(["p.slug", "p.updated_at"])
      .where(publicProduct("p"))
      .orderBy("p.id")
      .execute(),
    db.selectFrom("cooperatives").select(["slug", "updated_at"]).orderBy("id").execute(),
    db.selectFrom("stay_listings").select(["slug", "updated_at"]).where("status", "=", "published").orderBy("id").execute(),
  ]);
  const day = (value: Date) => new Date(value).toISOString().slice(0, 10);
  return [
    { path: "/" },
    { path: "/products" },
    { path: "/cooperatives" },
    ...products.map((p) => ({ path: `/products/${p.slug}`, lastModified: day(p.updated_at) })),
    ...cooperatives.map((c) => ({ path: `/cooperatives/${c.slug}`, lastModified: day(c.updated_at) })),
    { path: "/stays" },
    ...stays.map((s) => ({ path: `/stays/${s.slug}`, lastModified: day(s.updated_at) })),
  ];
}
