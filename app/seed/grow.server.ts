import { sql, type InsertObject, type Insertable, type Kysely } from "kysely";
import { addDays, chinaToday } from "~/utils/dates";
import { productSearchFields } from "~/utils/search";
import { SEARCH_DOCUMENT_VERSION, headLexemes, lexemesOf, searchDocument, tsvectorLiteral, type Lexemes, type SearchDocumentSource } from "~/utils/search.server";
import type { Database, VariantsTable } from "~db/schema";
import { COOPERATIVES } from "~db/seed-data/cooperatives";

// Grows the catalogue with generated products for benchmarks: variations of the real
// demo products (same cooperative, county, category and certificates, other lots, packs
// and prices), written with multi-row INSERTs a chunk at a time.

export interface GrowOptions {
  count: number;
  /** Products per transaction (and per multi-row INSERT). */
  chunkSize?: number;
  /** Chunks written at once, on separate connections (with session-level trigger switching only). */
  concurrency?: number;
  /**
   * How the variants price trigger is kept from firing: for the writing transaction only
   * (needs a superuser; the default when the user is one) or on the table (needs its owner).
   */
  triggerSwitch?: "session" | "table";
  onProgress?: (done: number, total: number) => void;
}

export interface GrowSummary {
  products: number;
  variants: number;
  batches: number;
  certificateLinks: number;
}

interface Base {
  id: number;
  slug: string;
  cooperative_id: number;
  cooperative_slug: string;
  brand_id: number | null;
  category_id: number;
  name_zh: string;
  name_en: string;
  origin_county_zh: string;
  origin_county_en: string;
  temperature_class: "ambient" | "chilled" | "frozen";
  shelf_life_days: number;
  season_months: number[];
  illustration: string;
  category_zh: string;
  category_en: string;
  cooperative_zh: string;
  cooperative_en: string;
  brand: string | null;
  variants: { sku: string; label_zh: string; label_en: string; weight_grams: number; price_fen: number }[];
  certificationIds: number[];
}

const PREFIXES: [string, string][] = [
  ["精选", "Select"],
  ["特级", "Premium"],
  ["新季", "New-Season"],
  ["山地", "Hillside"],
  ["农家", "Farmhouse"],
  ["限量", "Limited"],
  ["头茬", "First-Pick"],
  ["", ""],
];
const PACKS: [string, string][] = [
  ["礼盒装", "Gift Box"],
  ["家庭装", "Family Pack"],
  ["尝鲜装", "Trial Pack"],
  ["社员直供", "Direct from Members"],
  ["整箱", "Full Case"],
];
const PRICE_FACTORS = [0.85, 0.9, 0.95, 1, 1, 1.05, 1.1, 1.2, 1.35];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

// A small deterministic generator, so a run with the same starting number makes the same catalogue.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)]!;
}

/** A price that ends in 0 or 90 fen, as shop prices do. */
function shopPrice(fen: number): number {
  const yuan = Math.max(1, Math.round(fen / 100));
  return yuan >= 10 ? yuan * 100 - 10 : yuan * 100;
}

function skuStem(sku: string): string {
  return sku.split("-").slice(0, 2).join("-");
}

async function loadBases(db: Kysely<Database>): Promise<Base[]> {
  const products = await db
    .selectFrom("products")
    .innerJoin("cooperatives", "cooperatives.id", "products.cooperative_id")
    .innerJoin("categories", "categories.id", "products.category_id")
    .leftJoin("brands", "brands.id", "products.brand_id")
    .select([
      "categories.name_zh as category_zh",
      "categories.name_en as category_en",
      "cooperatives.name_zh as cooperative_zh",
      "cooperatives.name_en as cooperative_en",
      "brands.name as brand",
      "products.id",
      "products.slug",
      "products.cooperative_id",
      "cooperatives.slug as cooperative_slug",
      "products.brand_id",
      "products.category_id",
      "products.name_zh",
      "products.name_en",
      "products.origin_county_zh",
      "products.origin_county_en",
      "products.temperature_class",
      "products.shelf_life_days",
      "products.season_months",
      "products.illustration",
    ])
    .where("products.status", "=", "active")
    // Generated products are never the base of others: variations of variations drift.
    .where("products.slug", "!~", "-g[0-9]+$")
    .orderBy("products.id")
    .execute();
  if (!products.length) return [];
  const ids = products.map((p) => p.id);
  const variants = await db
    .selectFrom("variants")
    .select(["product_id", "sku", "label_zh", "label_en", "weight_grams", "price_fen"])
    .where("product_id", "in", ids)
    .where("active", "=", true)
    .orderBy("product_id")
    .orderBy("position")
    .execute();
  const links = await db
    .selectFrom("product_certifications")
    .innerJoin("certifications", "certifications.id", "product_certifications.certification_id")
    .select(["product_certifications.product_id", "certifications.id"])
    .where("product_certifications.product_id", "in", ids)
    .where("certifications.status", "=", "verified")
    .execute();
  return products
    .map((product) => ({
      ...product,
      variants: variants.filter((v) => v.product_id === product.id).slice(0, 3),
      certificationIds: links.filter((l) => l.product_id === product.id).map((l) => l.id),
    }))
    .filter((base) => base.variants.length > 0);
}

// Segmenting is most of the client's work. Generated products share their names, their
// descriptions and their base's category and context with many others, so each group is
// segmented once and a product's document is a merge of four cached lexeme sets.
class SearchDocumentCache {
  #groups = new Map<string, Lexemes>();

  #group(texts: string[], weight: "A" | "B" | "C" | "D"): Lexemes {
    const key = `${weight}\u0000${texts.join("\u0000")}`;
    let group = this.#groups.get(key);
    if (!group) {
      group = lexemesOf(texts, weight);
      if (this.#groups.size > 50_000) this.#groups.clear();
      this.#groups.set(key, group);
    }
    return group;
  }

  #heads(nameZh: string, nameEn: string): Lexemes {
    const key = `head\u0000${nameZh}\u0000${nameEn}`;
    let group = this.#groups.get(key);
    if (!group) this.#groups.set(key, (group = headLexemes(nameZh, nameEn)));
    return group;
  }

  document(source: SearchDocumentSource): string {
    // The groups searchLexemes uses; every chunk checks one product against it.
    const context = [source.origin_county_zh, source.origin_county_en];
    if (source.brand) context.push(source.brand.name);
    if (source.cooperative) context.push(source.cooperative.name_zh, source.cooperative.name_en);
    return tsvectorLiteral([
      this.#group([source.name_zh, source.name_en], "A"),
      this.#heads(source.name_zh, source.name_en),
      this.#group(source.category ? [source.category.name_zh, source.category.name_en] : [], "B"),
      this.#group(context, "C"),
      this.#group([source.description_zh, source.description_en], "D"),
    ]);
  }
}

interface Generated {
  product: InsertObject<Database, "products"> & { slug: string; search_text: string };
  source: SearchDocumentSource;
  document: string;
  variants: Omit<Insertable<VariantsTable>, "product_id">[];
  certificationIds: number[];
  batch: { code: string; harvested_on: string; packed_on: string; best_before: string; quantity: number; plot_zh: string; plot_en: string; household_zh: string; household_en: string };
}

function generate(base: Base, n: number, today: string, now: number, cache: SearchDocumentCache): Generated {
  const next = random(n * 2654435761);
  const [prefixZh, prefixEn] = pick(PREFIXES, next);
  const [packZh, packEn] = pick(PACKS, next);
  const cooperative = COOPERATIVES.find((c) => c.slug === base.cooperative_slug);
  const { zh: plotZh, en: plotEn } = cooperative ? pick(cooperative.plots, next) : { zh: "合作社基地", en: "the cooperative's own fields" };
  const { zh: householdZh, en: householdEn } = cooperative ? pick(cooperative.households, next) : { zh: "社员", en: "member households" };
  const month = pick(base.season_months.length ? base.season_months : [new Date(now).getUTCMonth() + 1], next);

  const text = {
    name_zh: `${prefixZh}${base.name_zh}·${packZh}`,
    name_en: `${prefixEn ? `${prefixEn} ` : ""}${base.name_en}, ${packEn}`,
    // Short on purpose: every word becomes search index entries, and at a hundred thousand
    // products the index work, not the insert, is what takes the time.
    description_zh: `${base.origin_county_zh}${plotZh}的${base.name_zh}，${month}月采收，${householdZh}亲手分拣装箱。`,
    description_en: `${base.name_en} from ${plotEn}, ${base.origin_county_en}: harvested in ${MONTHS_EN[month - 1]}, sorted and packed by ${householdEn}.`,
    origin_county_zh: base.origin_county_zh,
    origin_county_en: base.origin_county_en,
  };

  const factor = pick(PRICE_FACTORS, next);
  const variantCount = 1 + Math.floor(next() * 3);
  const stem = skuStem(base.variants[0]!.sku);
  const variants = Array.from({ length: variantCount }, (_, j) => {
    const source = base.variants[j % base.variants.length]!;
    const doubled = j >= base.variants.length;
    return {
      sku: `${stem}-G${n}-${j + 1}`,
      label_zh: doubled ? `${source.label_zh} × 2` : source.label_zh,
      label_en: doubled ? `2 × ${source.label_en}` : source.label_en,
      weight_grams: Math.min(100_000, doubled ? source.weight_grams * 2 : source.weight_grams),
      price_fen: shopPrice(source.price_fen * factor * (doubled ? 1.9 : 1)),
      stock_on_hand: n % 53 === 0 ? 0 : 5 + Math.floor(next() * 400),
      position: j,
    };
  });

  const harvestedOn = addDays(today, -(1 + Math.floor(next() * 30)));
  const packedOn = addDays(harvestedOn, base.shelf_life_days > 60 ? 7 : 1);
  const source: SearchDocumentSource = {
    ...text,
    category: { name_zh: base.category_zh, name_en: base.category_en },
    cooperative: { name_zh: base.cooperative_zh, name_en: base.cooperative_en },
    brand: base.brand === null ? null : { name: base.brand },
  };
  const document = cache.document(source);
  return {
    source,
    document,
    product: {
      cooperative_id: base.cooperative_id,
      brand_id: base.brand_id,
      category_id: base.category_id,
      slug: `${base.slug}-g${n}`,
      ...text,
      ...productSearchFields(text),
      search_document: sql<string>`${document}::tsvector`,
      search_version: SEARCH_DOCUMENT_VERSION,
      temperature_class: base.temperature_class,
      shelf_life_days: base.shelf_life_days,
      season_months: base.season_months,
      illustration: base.illustration,
      status: "active",
      // The variants trigger is off while growing (see below), so the cheapest price is set here.
      price_from_fen: Math.min(...variants.map((v) => v.price_fen)),
      published_at: new Date(now - Math.floor(next() * 365 * 86_400_000)),
    },
    variants,
    certificationIds: base.certificationIds,
    batch: {
      code: `G${n}-${harvestedOn.slice(2).replaceAll("-", "")}`,
      harvested_on: harvestedOn,
      packed_on: packedOn,
      best_before: addDays(packedOn, base.shelf_life_days),
      quantity: variants.reduce((sum, v) => sum + v.stock_on_hand, 0) + 20,
      plot_zh: plotZh,
      plot_en: plotEn,
      household_zh: householdZh,
      household_en: householdEn,
    },
  };
}

export async function growCatalogue(db: Kysely<Database>, options: GrowOptions): Promise<GrowSummary> {
  const chunkSize = options.chunkSize ?? 1000;
  const bases = await loadBases(db);
  if (!bases.length) throw new Error("There are no active products to vary: seed the demo catalogue first.");
  const { max } = await db.selectFrom("products").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
  // Numbers above every product id so far: never reused by a later run.
  const firstNumber = (max ?? 0) + 1;
  // The variants row trigger would update the product once per variant, rewriting its row
  // and every index entry (the search GIN ones included), so it is kept from firing and
  // price_from_fen is written with the product instead. A superuser can switch triggers
  // off for its own transaction only (replica mode, which also skips foreign-key checks:
  // every reference here was just read or written), so chunks can be written side by side;
  // anyone else has to disable the trigger on the table, which serialises the chunks.
  const { rows: settings } = await sql<{ superuser: boolean; price_trigger: boolean; catalogue_sequence: boolean; product_ranks: boolean }>`
    SELECT current_setting('is_superuser') = 'on' AS superuser,
           EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'variants_price_from' AND tgrelid = 'variants'::regclass) AS price_trigger,
           to_regclass('catalogue_version_seq') IS NOT NULL AS catalogue_sequence,
           to_regprocedure('refresh_product_ranks(integer[])') IS NOT NULL AS product_ranks
  `.execute(db);
  const { superuser, price_trigger: hasPriceTrigger, catalogue_sequence: hasCatalogueSequence, product_ranks: hasProductRanks } = settings[0]!;
  const perSession = (options.triggerSwitch ?? (superuser ? "session" : "table")) === "session";
  const concurrency = perSession ? Math.max(1, options.concurrency ?? 2) : 1;

  const today = chinaToday();
  const now = Date.now();
  const cache = new SearchDocumentCache();
  const summary: GrowSummary = { products: 0, variants: 0, batches: 0, certificateLinks: 0 };

  async function prepare(start: number): Promise<Generated[]> {
    const rows: Generated[] = [];
    const size = Math.min(chunkSize, options.count - start);
    for (let i = 0; i < size; i++) {
      const n = firstNumber + start + i;
      rows.push(generate(bases[n % bases.length]!, n, today, now, cache));
      // Let the chunk being written make progress meanwhile.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    const first = rows[0]!;
    if (searchDocument(first.source) !== first.document) {
      throw new Error("generated search documents differ from searchDocument: the groups in search.server.ts have changed");
    }
    return rows;
  }

  async function write(rows: Generated[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      // A benchmark load: losing the last chunks in a crash is fine, waiting on each flush is not.
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      if (perSession) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      else if (hasPriceTrigger) await sql`ALTER TABLE variants DISABLE TRIGGER variants_price_from`.execute(trx);
      const inserted = await trx
        .insertInto("products")
        .values(rows.map((row) => row.product))
        .returning(["id", "slug"])
        .execute();
      const idBySlug = new Map(inserted.map((row) => [row.slug, row.id]));
      const idOf = (row: Generated) => idBySlug.get(row.product.slug)!;

      const variants = rows.flatMap((row) => row.variants.map((variant) => ({ ...variant, product_id: idOf(row) })));
      await trx.insertInto("variants").values(variants).execute();
      if (hasProductRanks) {
        // The triggers that keep product_ranks may be off (see above): the ranks of the
        // products just written are worked out here, by the function those triggers share.
        await sql`SELECT refresh_product_ranks(${sql.val(inserted.map((row) => row.id))}::int[])`.execute(trx);
      }
      const links = rows.flatMap((row) => row.certificationIds.map((id) => ({ product_id: idOf(row), certification_id: id })));
      if (links.length) await trx.insertInto("product_certifications").values(links).execute();
      await trx
        .insertInto("batches")
        .values(rows.map((row) => ({ ...row.batch, product_id: idOf(row) })))
        .execute();
      if (perSession) {
        // What the skipped statement triggers would have done: tell cached pages the catalogue changed.
        if (hasCatalogueSequence) await sql`SELECT nextval('catalogue_version_seq')`.execute(trx);
      } else if (hasPriceTrigger) {
        await sql`ALTER TABLE variants ENABLE TRIGGER variants_price_from`.execute(trx);
      }

      summary.products += inserted.length;
      summary.variants += variants.length;
      summary.batches += rows.length;
      summary.certificateLinks += links.length;
    });
    options.onProgress?.(summary.products, options.count);
  }

  // The next chunk is generated while the database writes the previous ones.
  const inFlight = new Set<Promise<void>>();
  try {
    for (let start = 0; start < options.count; start += chunkSize) {
      const rows = await prepare(start);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const writing = write(rows).finally(() => inFlight.delete(writing));
      inFlight.add(writing);
      // A failure surfaces at the next await of it, never as an unhandled rejection meanwhile.
      writing.catch(() => {});
    }
    await Promise.all(inFlight);
  } catch (error) {
    // Let the other chunk finish (or fail) before the caller closes the connections.
    await Promise.allSettled(inFlight);
    throw error;
  }
  return summary;
}
