import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeLike,
  MAX_QUERY_LENGTH,
  normalizeSearchText,
  parseSearchQuery,
  productSearchFields,
  searchTokens,
} from "~/utils/search";

describe("searchTokens", () => {
  it("indexes Chinese as single characters and two-character pairs", () => {
    const tokens = searchTokens("奉节脐橙");
    for (const token of ["奉", "节", "脐", "橙", "奉节", "节脐", "脐橙"]) expect(tokens).toContain(token);
    expect(tokens).not.toContain("奉节脐");
  });

  it("indexes latin words lower-cased with their prefixes", () => {
    const tokens = searchTokens("Fengjie NAVEL Orange");
    for (const token of ["f", "fe", "fengjie", "n", "nav", "navel", "orange", "o"]) expect(tokens).toContain(token);
    expect(tokens).not.toContain("Navel");
  });

  it("keeps Chinese runs and latin words apart in mixed text", () => {
    const tokens = searchTokens("奉节脐橙Navel");
    expect(tokens).toContain("脐橙");
    expect(tokens).toContain("navel");
    expect(tokens).not.toContain("橙n");
  });
});

describe("parseSearchQuery", () => {
  it("turns a two-character Chinese query into one pair that must be present and a phrase", () => {
    expect(parseSearchQuery("花椒")).toEqual({ text: "花椒", tokens: ["花椒"], phrases: ["花椒"] });
  });

  it("looks a single Chinese character up as itself", () => {
    expect(parseSearchQuery("橙")).toEqual({ text: "橙", tokens: ["橙"], phrases: ["橙"] });
  });

  it("splits a longer Chinese query into overlapping pairs and keeps it as one phrase", () => {
    const parsed = parseSearchQuery("奉节脐橙")!;
    expect(parsed.tokens.sort()).toEqual(["奉节", "脐橙", "节脐"].sort());
    expect(parsed.phrases).toEqual(["奉节脐橙"]);
  });

  it("is case-insensitive for English", () => {
    expect(parseSearchQuery("NAVEL Orange")).toEqual(parseSearchQuery("navel orange"));
    expect(parseSearchQuery("navel orange")!.tokens).toEqual(["navel", "orange"]);
  });

  it("finds what the product's own search fields index", () => {
    const fields = productSearchFields({
      name_zh: "江津青花椒",
      name_en: "Jiangjin Green Sichuan Pepper",
      description_zh: "麻香浓郁",
      description_en: "Numbing and fragrant",
      origin_county_zh: "江津区",
      origin_county_en: "Jiangjin District",
    });
    for (const query of ["花椒", "青花椒", "椒", "green sichuan", "PEPPER", "麻香", "numb"]) {
      const parsed = parseSearchQuery(query)!;
      expect(parsed.tokens.every((token) => fields.search_tokens.includes(token)), query).toBe(true);
      expect(parsed.phrases.every((phrase) => fields.search_text.includes(phrase)), query).toBe(true);
    }
  });

  it("returns null when nothing searchable is left", () => {
    for (const raw of ["", "   ", "%", "_", "\\", "%_\\", "'\"", "\u0000", "!!!"]) expect(parseSearchQuery(raw), JSON.stringify(raw)).toBeNull();
  });

  it("drops wildcard and quote characters from tokens and phrases", () => {
    const parsed = parseSearchQuery("50%_off\\'x\"")!;
    for (const part of [...parsed.tokens, ...parsed.phrases]) expect(part).not.toMatch(/[%_\\'"]/);
    expect(parsed.phrases).toEqual(["50", "off", "x"]);
  });

  it("removes control characters, a NUL byte included, everywhere", () => {
    const parsed = parseSearchQuery("脐\u0000橙 navel\u0007")!;
    expect(parsed.text).not.toMatch(/\p{Cc}/u);
    expect(parsed.phrases).toEqual(["脐", "橙", "navel"]);
  });

  it("caps the query length", () => {
    const parsed = parseSearchQuery("橙".repeat(10_000))!;
    expect([...parsed.text].length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(parseSearchQuery("a".repeat(10_000))!.text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
  });

  it("never throws and never yields control characters for any input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (raw) => {
        const parsed = parseSearchQuery(raw);
        if (!parsed) return;
        expect(parsed.tokens.length).toBeGreaterThan(0);
        for (const part of [parsed.text, ...parsed.tokens, ...parsed.phrases]) expect(part).not.toMatch(/\p{Cc}/u);
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
    expect(escapeLike("100%")).toBe("100\\%");
    expect(escapeLike("a_b")).toBe("a\\_b");
    expect(escapeLike("c:\\x")).toBe("c:\\\\x");
    expect(escapeLike("%_\\")).toBe("\\%\\_\\\\");
  });

  it("leaves other text, quotes included, alone (they are bound, not spliced)", () => {
    expect(escapeLike("脐橙 'navel\"")).toBe("脐橙 'navel\"");
  });
});
