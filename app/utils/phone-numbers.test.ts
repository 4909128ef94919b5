import { describe, expect, it } from "vitest";
import { MAINLAND_MOBILE, normalizeMainlandMobile } from "~/utils/phone-numbers";

describe("normalizeMainlandMobile", () => {
  it("reads a mobile number however it was typed", () => {
    for (const typed of ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "0086-13800138000", "１３８００１３８０００", "(138) 0013.8000"]) {
      expect(normalizeMainlandMobile(typed)).toBe("13800138000");
    }
  });

  it("leaves a landline's area code and anything not a mobile as typed, minus separators", () => {
    expect(normalizeMainlandMobile("023-6386 1234")).toBe("02363861234");
    expect(normalizeMainlandMobile("+86 1380013800")).toBe("+861380013800");
    expect(MAINLAND_MOBILE.test(normalizeMainlandMobile("12800138000"))).toBe(false);
  });
});
