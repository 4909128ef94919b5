// Search that works for Chinese without a word segmenter: CJK text is indexed as its
// single characters and two-character pairs, latin text as lower-cased words and their
// prefixes. A query is turned into the same tokens, all of which must be present
// (a GIN `@>` lookup), and then checked as a contiguous phrase with an escaped LIKE.

const CJK_RUN = /[\p{Script=Han}\u3005\u3007]+/gu;
const LATIN_WORD = /[\p{Letter}\p{Number}]+/gu;
const MAX_PREFIX = 12;
export const MAX_QUERY_LENGTH = 100;

export function normalizeSearchText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The lower-cased text a product is searched in: both languages of its name and description. */
export function searchText(parts: readonly string[]): string {
  return normalizeSearchText(parts.join(" \u2022 "));
}

function cjkTokens(run: string): string[] {
  const chars = [...run];
  const tokens = new Set(chars);
  for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  return [...tokens];
}

function latinWords(text: string): string[] {
  return (text.replace(CJK_RUN, " ").match(LATIN_WORD) ?? []).filter((word) => !/^\p{Script=Han}/u.test(word));
}

/** Every token a product's text can be found by. */
export function searchTokens(text: string): string[] {
  const normalized = normalizeSearchText(text);
  const tokens = new Set<string>();
  for (const run of normalized.match(CJK_RUN) ?? []) for (const token of cjkTokens(run)) tokens.add(token);
  for (const word of latinWords(normalized)) {
    const chars = [...word];
    for (let length = 1; length <= Math.min(chars.length, MAX_PREFIX); length++) tokens.add(chars.slice(0, length).join(""));
  }
  return [...tokens].sort();
}

export interface ParsedSearch {
  /** The normalised query, for display and for exact-name ranking. */
  text: string;
  /** Tokens that must all be present (index lookup). */
  tokens: string[];
  /** Fragments that must each appear verbatim in the search text. */
  phrases: string[];
}

/** Turns what a shopper typed into index tokens; null when nothing searchable is left. */
export function parseSearchQuery(raw: string): ParsedSearch | null {
  // Control characters (a NUL byte included) can never match and must never reach SQL text.
  const text = normalizeSearchText(raw.replace(/\p{Cc}/gu, " ")).slice(0, MAX_QUERY_LENGTH).trim();
  if (!text) return null;
  const tokens = new Set<string>();
  const phrases: string[] = [];
  for (const run of text.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) tokens.add(run);
    else for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
    phrases.push(run);
  }
  for (const word of latinWords(text)) {
    tokens.add([...word].slice(0, MAX_PREFIX).join(""));
    phrases.push(word);
  }
  if (tokens.size === 0) return null;
  return { text, tokens: [...tokens], phrases };
}

/** Escapes LIKE wildcards so a shopper's `%` or `_` is matched literally (with ESCAPE '\\'). */
export function escapeLike(fragment: string): string {
  return fragment.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The search columns of a product, recomputed by every writer of names or descriptions. */
export function productSearchFields(product: {
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  origin_county_zh: string;
  origin_county_en: string;
}): { search_text: string; search_tokens: string[]; name_tokens: string[] } {
  const text = searchText([
    product.name_zh,
    product.name_en,
    product.origin_county_zh,
    product.origin_county_en,
    product.description_zh,
    product.description_en,
  ]);
  return { search_text: text, search_tokens: searchTokens(text), name_tokens: productNameTokens(product) };
}

/** The tokens of a product's names alone (a subset of its search tokens). */
export function productNameTokens(product: { name_zh: string; name_en: string }): string[] {
  return searchTokens(searchText([product.name_zh, product.name_en]));
}
