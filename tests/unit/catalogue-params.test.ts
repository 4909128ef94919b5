import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  catalogueSearch,
  cleanQueryText,
  decodeCursor,
  encodeCursor,
  fenToYuanInput,
  parseCatalogueParams,
  type CatalogueCursor,
} from "~/utils/catalogue-params";

const parse = (query: string) => parseCatalogueParams(new URLSearchParams(query));

describe("parseCatalogueParams", () => {
  it("defaults to newest, no filters, first page", () => {
    expect(parse("")).toEqual({ q: "", search: null, filters: {}, sort: "newest", cursor: null, ignored: [], swappedPriceRange: false });
  });

  it("sorts by relevance when there is a search", () => {
    const query = parse("q=脐橙");
    expect(query.sort).toBe("relevance");
    expect(query.search).toEqual({ text: "脐橙" });
  });

  it("reads every filter", () => {
    const query = parse("category=fruit&cert=green_food&coop=fengjie-navel-orange&temp=chilled&min=10&max=99.9&sort=price_desc");
    expect(query.filters).toEqual({
      category: "fruit",
      cert: "green_food",
      coop: "fengjie-navel-orange",
      temp: "chilled",
      minFen: 1000,
      maxFen: 9990,
    });
    expect(query.sort).toBe("price_desc");
    expect(query.ignored).toEqual([]);
  });

  it("drops values that make no sense and says which", () => {
    const query = parse("cursor=garbage&min=-5&max=abc&sort=evil&q=&cert=gold&temp=hot&category=Fruit!&coop=%00");
    expect(query.filters).toEqual({});
    expect(query.sort).toBe("newest");
    expect(query.cursor).toBeNull();
    expect(query.ignored.sort()).toEqual(["category", "cert", "coop", "cursor", "max", "min", "sort", "temp"].sort());
  });

  it("treats empty values as absent, as an unfilled form sends them", () => {
    const query = parse("q=&category=&cert=&coop=&temp=&min=&max=&sort=&cursor=");
    expect(query.filters).toEqual({});
    expect(query.ignored).toEqual([]);
  });

  it("swaps a price range given the wrong way round", () => {
    const query = parse("min=100&max=20");
    expect(query.filters).toEqual({ minFen: 2000, maxFen: 10000 });
    expect(query.swappedPriceRange).toBe(true);
  });

  it("falls back from relevance to newest when the search box is empty", () => {
    expect(parse("sort=relevance").sort).toBe("newest");
    expect(parse("sort=relevance").ignored).toEqual([]);
  });

  it("reports a search with nothing searchable in it", () => {
    for (const raw of ["%", "_", "\\", "'", "\"", "%_\\"]) {
      const query = parseCatalogueParams(new URLSearchParams({ q: raw }));
      expect(query.search, raw).toBeNull();
      expect(query.ignored).toContain("q");
    }
  });

  it("keeps a 10,000-character search short and free of control characters", () => {
    const query = parseCatalogueParams(new URLSearchParams({ q: `脐橙\u0000${"x".repeat(10_000)}` }));
    expect(query.q.length).toBeLessThanOrEqual(100);
    expect(query.q).not.toContain("\u0000");
    expect(query.search).not.toBeNull();
  });

  it("uses the first of repeated parameters", () => {
    expect(parse("temp=frozen&temp=chilled").filters.temp).toBe("frozen");
  });

  it("ignores a cursor made for another sort", () => {
    const cursor = encodeCursor({ s: "price_asc", p: 100, id: 3 });
    const query = parse(`sort=newest&cursor=${cursor}`);
    expect(query.cursor).toBeNull();
    expect(query.ignored).toEqual(["cursor"]);
    expect(parse(`sort=price_asc&cursor=${cursor}`).cursor).toEqual({ s: "price_asc", p: 100, id: 3 });
  });

  it("never throws on any input", () => {
    const names = ["q", "category", "cert", "coop", "temp", "min", "max", "sort", "cursor", "other"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 200, unit: "binary" })), { maxLength: 12 }), (pairs) => {
        const query = parseCatalogueParams(new URLSearchParams(pairs));
        expect(["relevance", "newest", "price_asc", "price_desc"]).toContain(query.sort);
        expect(query.q).not.toMatch(/\p{Cc}/u);
        if (query.filters.minFen !== undefined && query.filters.maxFen !== undefined) {
          expect(query.filters.minFen).toBeLessThanOrEqual(query.filters.maxFen);
        }
      }),
    );
  });
});

describe("cursors", () => {
  const samples: CatalogueCursor[] = [
    { s: "newest", t: 1_796_000_000_123_456, id: 42 },
    { s: "newest", t: null, id: 7 },
    { s: "price_asc", p: 7990, id: 1 },
    { s: "price_desc", p: 0, id: 2_147_483_647 },
    { s: "relevance", r: 5, a: 1, n: 120, id: 3 },
    { s: "relevance", r: 7, a: 0, n: 0, id: 9 },
  ];

  it("round-trip through an opaque, URL-safe token", () => {
    for (const cursor of samples) {
      const token = encodeCursor(cursor);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(token)).toEqual(cursor);
    }
  });

  it("round-trip for any valid key", () => {
    const micros = fc.option(fc.integer({ min: 0, max: 4_102_444_800_000_000 }), { nil: null });
    const id = fc.integer({ min: 1, max: 2_147_483_647 });
    const cursor = fc.oneof(
      fc.record({ s: fc.constant("newest" as const), t: micros, id }),
      fc.record({ s: fc.constantFrom("price_asc" as const, "price_desc" as const), p: fc.integer({ min: 0, max: 100_000_000 }), id }),
      fc.record({ s: fc.constant("relevance" as const), r: fc.integer({ min: 0, max: 7 }), a: fc.constantFrom(0 as const, 1 as const), n: fc.integer({ min: 0, max: 2_147_483_647 }), id }),
    );
    fc.assert(fc.property(cursor, (value) => {
      expect(decodeCursor(encodeCursor(value))).toEqual(value);
    }));
  });

  it("reject garbage, tampering and out-of-range keys", () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const bad = [
      null,
      "",
      "garbage",
      "!!!",
      "%00",
      "a".repeat(1000),
      encode("just a string"),
      encode({ s: "newest", t: 1, id: 0 }),
      encode({ s: "newest", t: 1, id: -1 }),
      encode({ s: "newest", t: 1.5, id: 1 }),
      encode({ s: "newest", t: -1, id: 1 }),
      encode({ s: "newest", t: 9e18, id: 1 }),
      encode({ s: "newest", t: "2026-01-01", id: 1 }),
      encode({ s: "price_asc", p: "1; DROP TABLE products", id: 1 }),
      encode({ s: "price_asc", p: 1, id: 1, extra: true }),
      encode({ s: "evil", id: 1 }),
      encode({ s: "relevance", t: null, id: 1 }),
      encode({ s: "relevance", r: 100_001, t: null, id: 1 }),
      encode([1, 2, 3]),
    ];
    for (const token of bad) expect(decodeCursor(token), String(token)).toBeNull();
  });

  it("never throw on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: "binary" }), (token) => void decodeCursor(token)));
  });
});

describe("cleanQueryText", () => {
  it("removes control characters and collapses spaces", () => {
    expect(cleanQueryText(" navel\u0000\u0007  orange\n")).toBe("navel orange");
  });
});

describe("catalogueSearch", () => {
  it("writes only applied values, in a stable order, leaving defaults out", () => {
    const query = parse("max=50&category=fruit&q=脐橙&sort=relevance&min=-5");
    expect(catalogueSearch(query)).toBe(`?${new URLSearchParams({ q: "脐橙", category: "fruit", max: "50" })}`);
  });

  it("replaces and removes parameters", () => {
    const query = parse("category=fruit&temp=chilled&sort=price_asc");
    expect(catalogueSearch(query, { temp: null, cursor: "abc" })).toBe("?category=fruit&sort=price_asc&cursor=abc");
    expect(catalogueSearch(parse(""))).toBe("");
  });
});

describe("fenToYuanInput and activeFilterCount", () => {
  it("writes prices back as a shopper typed them", () => {
    expect(fenToYuanInput(8000)).toBe("80");
    expect(fenToYuanInput(7990)).toBe("79.9");
    expect(fenToYuanInput(7995)).toBe("79.95");
    expect(fenToYuanInput(5)).toBe("0.05");
  });

  it("counts a price range as one filter", () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ minFen: 1, maxFen: 2, cert: "organic" })).toBe(2);
  });
});
