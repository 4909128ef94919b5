import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeSearchText, parseSearchQuery, searchTokens } from "~/utils/search";

// The catalogue search skips the LIKE check of a phrase that is itself one of the query's
// index tokens (models/catalogue/search.server.ts). That is only right if a product holding
// the token always holds the phrase: checked here for any text and query.

const alphabet = fc.constantFrom(..."奉节脐橙江津花椒蜂蜜茶柠檬abcdeforangehonyptAEO ,.-0123456789".split(""));
const text = fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join(""));

describe("phrases proven by their token", () => {
  it("a product whose tokens include such a phrase contains it", () => {
    fc.assert(
      fc.property(text, text, (productText, queryText) => {
        const query = parseSearchQuery(queryText);
        if (!query) return;
        const tokens = new Set(searchTokens(productText));
        const haystack = normalizeSearchText(productText);
        for (const phrase of query.phrases) {
          if (query.tokens.includes(phrase) && tokens.has(phrase)) expect(haystack).toContain(phrase);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("holds for the queries the benchmark times", () => {
    for (const q of ["橙", "脐橙", "orange", "honey"]) {
      const query = parseSearchQuery(q)!;
      expect(query.phrases.every((phrase) => query.tokens.includes(phrase))).toBe(true);
    }
    // Three or more Chinese characters are bigrams in the index: the phrase is still checked.
    expect(parseSearchQuery("江津花")!.tokens).not.toContain("江津花");
  });
});
