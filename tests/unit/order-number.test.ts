import { describe, expect, it } from "vitest";
import { accessTokenMatches, generateAccessToken, generateOrderNumber, ORDER_NUMBER_PATTERN } from "~/models/order/order.server";

describe("order numbers", () => {
  it("reads SS + China date + six digits", () => {
    // 2026-11-29 20:30 UTC is already 30 November in China.
    const number = generateOrderNumber(new Date("2026-11-29T20:30:00Z"));
    expect(number).toMatch(ORDER_NUMBER_PATTERN);
    expect(number.slice(0, 8)).toBe("SS261130");
    expect(generateOrderNumber(new Date("2026-11-29T10:00:00Z")).slice(0, 8)).toBe("SS261129");
  });

  it("rarely repeats within a day", () => {
    const day = new Date("2026-11-29T04:00:00Z");
    const numbers = new Set(Array.from({ length: 2000 }, () => generateOrderNumber(day)));
    expect(numbers.size).toBeGreaterThan(1990);
  });
});

describe("access tokens", () => {
  it("are long, unguessable and compared exactly", () => {
    const token = generateAccessToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(generateAccessToken()).not.toBe(token);
    expect(accessTokenMatches(token, token)).toBe(true);
    expect(accessTokenMatches(token, token.slice(1))).toBe(false);
    expect(accessTokenMatches(token, `${token.slice(0, -1)}x`)).toBe(token.endsWith("x"));
    expect(accessTokenMatches(token, null)).toBe(false);
  });
});
