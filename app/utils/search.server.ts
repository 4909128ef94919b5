import { createRequire } from "node:module";
import { pinyin } from "pinyin-pro";
import { englishStem, normalizeSearchText, type ProductSearchText } from "~/utils/search";
import { PRODUCE_WORDS } from "~/utils/search-dictionary";

// Search documents and search terms. Chinese is segmented into words with jieba (its general
// dictionary plus the produce dictionary), English words are reduced to one form, and Chinese
// words also carry their pinyin (full and initials). A product's words become one tsvector, each
// word weighted by where it came from:
//   A  the product's names (and the everyday words its name words are kinds of: 百花蜜 → 蜂蜜)
//   B  its category's names (category names count as product words)
//   C  its brand, cooperative and county
//   D  its descriptions
// The tsvector is written as a literal of pre-segmented lexemes, so PostgreSQL's text parser
// (and the server's locale) never sees the Chinese: the same on PostgreSQL and PGlite.

/** Raised whenever the document a product's text makes changes (dictionary, weights, rules): stale rows are rebuilt at start-up. */
export const SEARCH_DOCUMENT_VERSION = 1;

type Weight = "A" | "B" | "C" | "D";
const HAN = /\p{Script=Han}/u;
const PIECE = /[\p{Script=Han}\u3007]+|[\p{Letter}\p{Number}]+/gu;
const MAX_LEXEME = 60;
const STOP_CHARS = new Set(["的", "和", "与", "及", "或", "在", "是", "了", "个", "之", "有", "为", "把", "从", "等", "也", "都", "而", "就", "被"]);

interface Segmenter {
  cut(sentence: string, hmm?: boolean): string[];
  cutForSearch(sentence: string, hmm?: boolean): string[];
  loadDict(dict: Uint8Array): void;
}

let segmenter: Segmenter | null = null;

/** jieba with its general dictionary and ours, loaded once on first use (about 50 MB, a second). */
function jieba(): Segmenter {
  if (segmenter) return segmenter;
  const require = createRequire(import.meta.url);
  const { Jieba } = require("@node-rs/jieba") as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
  const { dict } = require("@node-rs/jieba/dict") as { dict: Uint8Array };
  const instance = Jieba.withDict(dict);
  const words = new Set<string>();
  for (const [word, kinds] of Object.entries(PRODUCE_WORDS)) {
    words.add(word);
    for (const kind of kinds) words.add(kind);
  }
  // A high frequency: a produce word wins over the general dictionary's split of it.
  instance.loadDict(Buffer.from([...words].map((word) => `${word} 200000 n`).join("\n")));
  segmenter = instance;
  return instance;
}

/** The everyday words a word is a kind of, transitively (百花蜜 → 蜂蜜). */
export function kindsOf(word: string): string[] {
  const found = new Set<string>();
  const queue = [...(PRODUCE_WORDS[word] ?? [])];
  while (queue.length) {
    const kind = queue.shift()!;
    if (found.has(kind) || kind === word) continue;
    found.add(kind);
    queue.push(...(PRODUCE_WORDS[kind] ?? []));
  }
  return [...found];
}

/** Full pinyin without tones ("fengmi") and initials ("fm") of a Chinese word. */
export function pinyinOf(word: string): { full: string; initials: string } {
  const syllables = pinyin(word, { toneType: "none", type: "array", v: true, nonZh: "removed" });
  return { full: syllables.join("").replace(/[^a-z]/g, ""), initials: syllables.map((s) => s[0] ?? "").join("").replace(/[^a-z]/g, "") };
}

function lexeme(word: string): string | null {
  const w = word.slice(0, MAX_LEXEME);
  return /^[\p{Letter}\p{Number}\u3007]+$/u.test(w) ? w : null;
}

/** The words of a text: Chinese segmented (search mode adds the shorter words inside longer ones), latin words stemmed. */
export function segmentWords(text: string, { forSearch = true, singleChars = true } = {}): string[] {
  const words: string[] = [];
  const normalized = normalizeSearchText(text);
  for (const piece of normalized.match(PIECE) ?? []) {
    if (HAN.test(piece)) {
      const cut = forSearch ? jieba().cutForSearch(piece, true) : jieba().cut(piece, true);
      for (const word of cut) {
        if (!HAN.test(word)) continue;
        if ([...word].length === 1 && (!singleChars || STOP_CHARS.has(word))) continue;
        words.push(word);
      }
    } else {
      words.push(englishStem(piece));
    }
  }
  return words;
}

export interface SearchDocumentSource extends ProductSearchText {
  category?: { name_zh: string; name_en: string } | null;
  brand?: { name: string } | null;
  cooperative?: { name_zh: string; name_en: string } | null;
}

export type Lexemes = Map<string, Set<Weight>>;

/** The lexemes of some texts at one weight; names, categories and their context carry pinyin too. */
export function lexemesOf(texts: readonly string[], weight: Weight): Lexemes {
  const lexemes: Lexemes = new Map();
  const pinyinToo = weight !== "D";
  const singleChars = weight === "A" || weight === "B";
  const add = (word: string) => {
    const l = lexeme(word);
    if (!l) return;
    let weights = lexemes.get(l);
    if (!weights) lexemes.set(l, (weights = new Set()));
    weights.add(weight);
  };
  for (const text of texts) {
    if (singleChars) {
      for (const char of normalizeSearchText(text).match(/\p{Script=Han}/gu) ?? []) {
        if (STOP_CHARS.has(char)) continue;
        let weights = lexemes.get(`${CHAR_MARK}${char}`);
        if (!weights) lexemes.set(`${CHAR_MARK}${char}`, (weights = new Set()));
        weights.add(weight);
      }
    }
    for (const word of segmentWords(text, { singleChars })) {
      for (const w of HAN.test(word) ? [word, ...kindsOf(word)] : [word]) {
        add(w);
        if (pinyinToo && HAN.test(w)) {
          const { full, initials } = pinyinOf(w);
          if (full) add(full);
          if (initials.length >= 2) add(initials);
        }
      }
    }
  }
  return lexemes;
}

/** Marks a head lexeme: never typed (a query's words are letters and digits only). */
export const HEAD_MARK = "_";
/** Marks a single character of a name or category, found by a one-character query (椒 in 花椒). */
export const CHAR_MARK = "~";

/**
 * What a product is, from its names: the last word of the Chinese name (Chinese compounds end
 * with what they are: 奉节脐橙果干片 is 果干片, dried slices, not 脐橙) and of the English name
 * before any comma, with the everyday words those are kinds of. Stored as marked lexemes in A, so
 * "脐橙" ranks the oranges before the dried slices that merely contain the word.
 */
export function headLexemes(name_zh: string, name_en: string): Lexemes {
  const heads = new Set<string>();
  const zh = normalizeSearchText(name_zh).replace(/[（(][^）)]*[）)]/g, " ").split(/[·・,，]/)[0] ?? "";
  const zhWords = segmentWords(zh, { forSearch: false, singleChars: true }).filter((w) => HAN.test(w));
  const zhHead = zhWords.at(-1);
  if (zhHead) for (const w of [zhHead, ...kindsOf(zhHead)]) heads.add(w);
  const en = normalizeSearchText(name_en).replace(/\([^)]*\)/g, " ").split(",")[0] ?? "";
  const enHead = (en.match(PIECE) ?? []).filter((w) => !HAN.test(w)).at(-1);
  if (enHead) heads.add(englishStem(enHead));
  const lexemes: Lexemes = new Map();
  for (const head of heads) {
    const l = lexeme(head);
    if (l) lexemes.set(`${HEAD_MARK}${l}`, new Set(["A"]));
  }
  return lexemes;
}

/** Every lexeme of a product with the weights it has: what the stored document holds. */
export function searchLexemes(source: SearchDocumentSource): Lexemes[] {
  const context = [source.origin_county_zh, source.origin_county_en];
  if (source.brand) context.push(source.brand.name);
  if (source.cooperative) context.push(source.cooperative.name_zh, source.cooperative.name_en);
  return [
    lexemesOf([source.name_zh, source.name_en], "A"),
    headLexemes(source.name_zh, source.name_en),
    lexemesOf(source.category ? [source.category.name_zh, source.category.name_en] : [], "B"),
    lexemesOf(context, "C"),
    lexemesOf([source.description_zh, source.description_en], "D"),
  ];
}

/** Lexeme sets written as one tsvector literal (`'蜂蜜':1A,2B 'honey':3A`), for `::tsvector`. */
export function tsvectorLiteral(parts: readonly Lexemes[]): string {
  const merged: Lexemes = new Map();
  for (const part of parts) {
    for (const [word, weights] of part) {
      let into = merged.get(word);
      if (!into) merged.set(word, (into = new Set()));
      for (const w of weights) into.add(w);
    }
  }
  let position = 0;
  const entries: string[] = [];
  for (const [word, weights] of merged) {
    // Only letters and digits reach here; quoting is belt and braces.
    const quoted = `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
    const positions = (["A", "B", "C", "D"] as const).filter((w) => weights.has(w)).map((w) => `${Math.min(++position, 16383)}${w}`);
    entries.push(`${quoted}:${positions.join(",")}`);
  }
  return entries.join(" ");
}

/** The product's search document as a tsvector literal. */
export function searchDocument(source: SearchDocumentSource): string {
  return tsvectorLiteral(searchLexemes(source));
}

// ------------------------------------------------------------------ queries

/** One word of a query with what it may match: as typed, or through synonyms, pinyin and stems. */
export interface SearchTerm {
  word: string;
  /** Lexemes that are the word as typed (its stem, its segmentation). */
  typed: string[];
  /** Everything the word stands for: synonyms, the words its pinyin spells, prefixes. */
  expanded: string[];
  /** Latin words long enough to be matched as the start of a longer word (tsquery `:*`). */
  prefixes: string[];
}

export interface Vocabulary {
  /** Synonym groups by member: every word of each group the member is in. */
  synonyms: Map<string, Set<string>>;
  /** Chinese words spelled by a pinyin (full or initials). */
  pinyin: Map<string, Set<string>>;
  /** Every known Chinese word (dictionary, kinds, synonyms, categories): query words are joined to these. */
  words: Set<string>;
}

/** The vocabulary queries are read with: the produce dictionary, the synonym groups and the category names. */
export function buildVocabulary(groups: readonly (readonly string[])[], categoryNames: readonly string[]): Vocabulary {
  const synonyms = new Map<string, Set<string>>();
  const words = new Set<string>();
  for (const group of groups) {
    const members = group.map(normalizeTerm).filter((t): t is string => t !== null);
    for (const member of members) {
      let set = synonyms.get(member);
      if (!set) synonyms.set(member, (set = new Set()));
      for (const other of members) if (other !== member) set.add(other);
      if (HAN.test(member)) words.add(member);
    }
  }
  for (const [word, kinds] of Object.entries(PRODUCE_WORDS)) {
    words.add(word);
    for (const kind of kinds) words.add(kind);
  }
  for (const name of categoryNames) for (const w of segmentWords(name, { forSearch: false })) if (HAN.test(w)) words.add(w);
  const pinyinMap = new Map<string, Set<string>>();
  const addPinyin = (key: string, word: string) => {
    let set = pinyinMap.get(key);
    if (!set) pinyinMap.set(key, (set = new Set()));
    set.add(word);
  };
  for (const word of words) {
    if ([...word].length < 2) continue;
    const { full, initials } = pinyinOf(word);
    if (full) addPinyin(full, word);
    if (initials.length >= 2) addPinyin(initials, word);
  }
  return { synonyms, pinyin: pinyinMap, words };
}

/** A synonym as stored and looked up: Chinese as written, latin words by their stem. */
export function normalizeTerm(term: string): string | null {
  const t = normalizeSearchText(term);
  if (!/^[\p{Letter}\p{Number}]+$/u.test(t)) return null;
  return HAN.test(t) ? t : englishStem(t);
}

/** Joins neighbouring segments into a known word (土 + 蜂蜜 → 土蜂蜜), longest first. */
function joinKnown(segments: string[], known: Set<string>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < segments.length; ) {
    let taken = 1;
    for (let j = segments.length; j > i + 1; j--) {
      if (known.has(segments.slice(i, j).join(""))) {
        taken = j - i;
        break;
      }
    }
    joined.push(segments.slice(i, i + taken).join(""));
    i += taken;
  }
  return joined;
}

/** The words of a query, each with what it may match; empty when nothing searchable is left. */
export function searchTerms(text: string, vocabulary: Vocabulary): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  for (const piece of normalizeSearchText(text).match(PIECE) ?? []) {
    const words = HAN.test(piece)
      ? joinKnown(jieba().cut(piece, true), vocabulary.words).filter((w) => HAN.test(w) && !STOP_CHARS.has(w))
      : [englishStem(piece)];
    for (const word of words) {
      const l = lexeme(word);
      if (!l || seen.has(l)) continue;
      seen.add(l);
      const typed = new Set([l]);
      const expanded = new Set<string>([l]);
      const prefixes: string[] = [];
      const addWithSynonyms = (w: string) => {
        expanded.add(w);
        for (const s of vocabulary.synonyms.get(w) ?? []) expanded.add(s);
      };
      addWithSynonyms(l);
      if (HAN.test(l)) {
        for (const kind of kindsOf(l)) addWithSynonyms(kind);
        // One character: also in any name or category word that holds it.
        if ([...l].length === 1) expanded.add(`${CHAR_MARK}${l}`);
      } else {
        for (const spelled of vocabulary.pinyin.get(l) ?? []) addWithSynonyms(spelled);
        if (l.length >= 4 && /^[a-z]+$/.test(l)) prefixes.push(l);
        // "feng mi" typed apart is still 蜂蜜: handled by the whole latin run below.
      }
      const forms = [...expanded].filter((w) => w.startsWith(CHAR_MARK) || lexeme(w) === w);
      terms.push({ word: l, typed: [...typed], expanded: forms, prefixes });
    }
  }
  // Pinyin typed with spaces ("feng mi", "mi hou tao"): one word when the joined syllables spell a known word.
  const latin = terms.filter((t) => /^[a-z]+$/.test(t.word));
  if (latin.length >= 2 && latin.length === terms.length) {
    const joined = latin.map((t) => t.word).join("");
    const spelled = vocabulary.pinyin.get(joined);
    if (spelled) {
      const expanded = new Set<string>([joined]);
      for (const w of spelled) {
        expanded.add(w);
        for (const s of vocabulary.synonyms.get(w) ?? []) expanded.add(s);
      }
      return [{ word: joined, typed: [joined], expanded: [...expanded], prefixes: [] }];
    }
  }
  return terms;
}

function quote(word: string): string {
  return `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A tsquery literal (for `::tsquery`): every term must match, each through any of its forms.
 * `weights` restricts where ("A" = names, "AB" = names or categories); `expanded` chooses between
 * the words as typed and everything they stand for.
 */
export function termsQuery(
  terms: readonly SearchTerm[],
  { expanded, weights = "", head = false }: { expanded: boolean; weights?: string; head?: boolean },
): string {
  // The head: any one of the words is what the product is ("奉节 脐橙": the product is 脐橙).
  const suffix = weights ? `:${weights}` : "";
  if (head) {
    const words = terms.flatMap((term) => (expanded ? term.expanded : term.typed));
    return `(${words.map((w) => `${quote(`${HEAD_MARK}${w}`)}${suffix}`).join(" | ")})`;
  }
  return terms
    .map((term) => {
      const alternatives = (expanded ? term.expanded : term.typed).map((w) => `${quote(w)}${suffix}`);
      if (expanded) for (const p of term.prefixes) alternatives.push(`${quote(p)}:*${weights}`);
      return `(${alternatives.join(" | ")})`;
    })
    .join(" & ");
}
