import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { englishStem, escapeLike, MAX_QUERY_LENGTH, normalizeSearchText, parseSearchQuery } from "~/utils/search";
import { buildVocabulary, searchDocument, searchTerms, termsQuery } from "~/utils/search.server";

// Search reads words, not character pairs: 小榨菜籽油 is 小榨 + 菜籽油 and never holds 榨菜.

const vocabulary = buildVocabulary(
  [
    ["蜂蜜", "蜜", "土蜂蜜", "honey"],
    ["辣椒", "chili", "chilli"],
    ["奇异果", "猕猴桃", "kiwi"],
  ],
  ["蜂蜜", "Honey", "水果", "Fruit"],
);

const product = (name_zh: string, name_en: string, description_zh = "", category = { name_zh: "水果", name_en: "Fruit" }) =>
  searchDocument({ name_zh, name_en, description_zh, description_en: "", origin_county_zh: "潼南区", origin_county_en: "Tongnan District", category });

describe("search documents", () => {
  it("segments names into words with a produce dictionary, so 菜籽油 does not hold 榨菜", () => {
    const doc = product("潼南小榨菜籽油", "Tongnan Small-Press Rapeseed Oil");
    expect(doc).toContain("'菜籽油':");
    expect(doc).not.toContain("'榨菜'");
    expect(doc).toContain("'rapeseed':");
  });

  it("indexes the everyday word a name word is a kind of, in the name's weight (百花蜜 is 蜂蜜)", () => {
    expect(product("大巴山中华蜂百花蜜", "Daba Mountain Wildflower Honey")).toMatch(/'蜂蜜':\d+A/);
  });

  it("carries pinyin, full and initials, for names", () => {
    const doc = product("黔江红心猕猴桃", "Qianjiang Red-Heart Kiwifruit");
    expect(doc).toMatch(/'mihoutao':\d+A/);
    expect(doc).toMatch(/'mht':\d+A/);
  });

  it("weights description words below names, and marks what the product is (the name's last word)", () => {
    const doc = product("奉节脐橙果干片", "Dried Fengjie Navel Orange Slices", "用蜂蜜浸渍");
    expect(doc).toMatch(/'蜂蜜':\d+D/);
    expect(doc).toContain("'_果干片'");
    expect(doc).not.toContain("'_脐橙'");
    expect(doc).toContain("'_slice'");
  });
});

describe("search terms", () => {
  it("expands a word through its synonym group", () => {
    const [term] = searchTerms("土蜂蜜", vocabulary);
    expect(term!.typed).toEqual(["土蜂蜜"]);
    expect(term!.expanded).toEqual(expect.arrayContaining(["蜂蜜", "蜜", "honey"]));
  });

  it("reads pinyin, full, initials and typed apart, as the Chinese word", () => {
    expect(searchTerms("fengmi", vocabulary)[0]!.expanded).toContain("蜂蜜");
    expect(searchTerms("mht", vocabulary)[0]!.expanded).toContain("猕猴桃");
    expect(searchTerms("feng mi", vocabulary)).toHaveLength(1);
  });

  it("folds English case, plurals and spellings", () => {
    expect(searchTerms("ORANGES", vocabulary)[0]!.typed).toEqual(["orange"]);
    expect(searchTerms("chillies", vocabulary)[0]!.typed).toEqual(["chili"]);
    for (const [plural, singular] of [["potatoes", "potato"], ["peaches", "peach"], ["kiwis", "kiwi"], ["berries", "berry"], ["teas", "tea"]]) {
      expect(englishStem(plural!)).toBe(singular);
    }
  });

  it("splits a longer query into words that must all be found", () => {
    expect(searchTerms("奉节脐橙", vocabulary).map((t) => t.word)).toEqual(["奉节", "脐橙"]);
    expect(termsQuery(searchTerms("奉节脐橙", vocabulary), { expanded: false, weights: "A" })).toBe("('奉节':A) & ('脐橙':A)");
  });

  it("never puts a quote, a backslash or an operator of the query language into a lexeme", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const parsed = parseSearchQuery(raw);
        if (!parsed) return;
        for (const term of searchTerms(parsed.text, vocabulary)) {
          for (const word of [...term.typed, ...term.expanded, ...term.prefixes]) expect(word).toMatch(/^~?[\p{L}\p{N}\u3007]+$/u);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseSearchQuery", () => {
  it("keeps the normalised text", () => {
    expect(parseSearchQuery("  NAVEL   Orange ")).toEqual({ text: "navel orange" });
  });

  it("returns null when nothing searchable is left", () => {
    for (const raw of ["", "   ", "%", "_", "\\", "%_\\", "'\"", "\u0000", "!!!"]) expect(parseSearchQuery(raw), JSON.stringify(raw)).toBeNull();
  });

  it("removes control characters, a NUL byte included", () => {
    expect(parseSearchQuery("脐\u0000橙 navel\u0007")!.text).not.toMatch(/\p{Cc}/u);
  });

  it("caps the query length", () => {
    expect([...parseSearchQuery("橙".repeat(10_000))!.text].length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(parseSearchQuery("a".repeat(10_000))!.text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it("never throws and never yields control characters for any input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (raw) => {
        const parsed = parseSearchQuery(raw);
        if (parsed) expect(parsed.text).not.toMatch(/\p{Cc}/u);
      }),
    );
  });
});

describe("normalizeSearchText", () => {
  it("folds full-width letters, case and runs of spaces", () => {
    expect(normalizeSearchText("  ＮＡＶＥＬ   Orange ")).toBe("navel orange");
  });
});

describe("escapeLike", () => {
  it("escapes %, _ and the escape character itself", () => {
    expect(escapeLike("50%_a\\b")).toBe("50\\%\\_a\\\\b");
  });
});
