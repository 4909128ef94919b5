// The parts of search that need no segmenter, shared by the server, the tests and the seed:
// normalising what was typed and English word forms. Segmenting Chinese, pinyin and the stored
// search documents live in search.server.ts (the segmenter is a native module).

export const MAX_QUERY_LENGTH = 100;

export function normalizeSearchText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export interface ParsedSearch {
  /** The normalised query: what is segmented, shown again and suggested from. */
  text: string;
}

/** What a shopper typed, normalised; null when nothing searchable (no letter or digit) is left. */
export function parseSearchQuery(raw: string): ParsedSearch | null {
  // Control characters (a NUL byte included) can never match and must never reach SQL text.
  const text = normalizeSearchText(raw.replace(/\p{Cc}/gu, " ")).slice(0, MAX_QUERY_LENGTH).trim();
  if (!text || !/[\p{Letter}\p{Number}]/u.test(text)) return null;
  return { text };
}

/** Escapes LIKE wildcards so a shopper's `%` or `_` is matched literally (with ESCAPE '\\'). */
export function escapeLike(fragment: string): string {
  return fragment.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// English: one form per word, so "Oranges", "orange" and "ORANGE" are the same lexeme, and
// both spellings where British and American differ.
const ENGLISH_FORMS: Record<string, string> = {
  chilli: "chili",
  chillies: "chili",
  chilies: "chili",
  chiles: "chili",
  chile: "chili",
  leaves: "leaf",
  halves: "half",
  knives: "knife",
  flavour: "flavor",
  flavours: "flavor",
  colour: "color",
  fertiliser: "fertilizer",
  yoghurt: "yogurt",
  mustards: "mustard",
  tofu: "tofu",
  grey: "gray",
  series: "series",
  species: "species",
  news: "news",
};

/** The stem an English word is indexed and searched by: case, plurals, a few spellings. */
export function englishStem(word: string): string {
  const w = word.toLowerCase();
  const known = ENGLISH_FORMS[w];
  if (known) return known;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us)$/.test(w)) return w;
  if (/(?:s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("oes")) return w.slice(0, -2);
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

/** The lower-cased text of a product in both languages (kept for staff tools; search reads the document). */
export function searchText(parts: readonly string[]): string {
  return normalizeSearchText(parts.join(" \u2022 "));
}

/** A product's own words in both languages: what its search text is written from. */
export interface ProductSearchText {
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  origin_county_zh: string;
  origin_county_en: string;
}

/** The plain-text search column of a product, written with its names and descriptions. */
export function productSearchFields(product: ProductSearchText): { search_text: string } {
  return {
    search_text: searchText([
      product.name_zh,
      product.name_en,
      product.origin_county_zh,
      product.origin_county_en,
      product.description_zh,
      product.description_en,
    ]),
  };
}
