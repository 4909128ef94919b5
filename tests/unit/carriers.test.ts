import { describe, expect, it } from "vitest";
import {
  CARRIERS,
  carrierFromKuaidi100,
  isCarrier,
  isValidTrackingNumber,
  normalizeTrackingNumber,
} from "~/utils/carriers";

describe("carriers", () => {
  it("covers exactly the carriers the schema allows", () => {
    expect(CARRIERS.map((carrier) => carrier.key).sort()).toEqual(["deppon", "ems", "jd", "other", "sf", "sto", "yto", "yunda", "zto"]);
    expect(isCarrier("sf")).toBe(true);
    expect(isCarrier("ups")).toBe(false);
  });

  it("accepts each carrier's own example and every example fits the database CHECK", () => {
    for (const carrier of CARRIERS) {
      expect(isValidTrackingNumber(carrier.key, carrier.example), carrier.key).toBe(true);
      expect(carrier.example).toMatch(/^[A-Za-z0-9]{6,32}$/);
    }
  });

  it.each([
    ["sf", "SF1234567890123", true],
    ["sf", "SF12345", false],
    ["sf", "JD1234567890123", false],
    ["jd", "JDVA00012345678", true],
    ["jd", "JD123", false],
    ["ems", "EA123456789CN", true],
    ["ems", "1123456789012", true],
    ["ems", "E123456789CN", false],
    ["zto", "731234567890", true],
    ["zto", "73123456789012", true],
    ["zto", "SF1234567890123", false],
    ["yto", "YT1234567890123", true],
    ["yto", "YTABC", false],
    ["sto", "773123456789012", true],
    ["sto", "77312345", false],
    ["yunda", "4312345678901", true],
    ["yunda", "431234567890", false],
    ["deppon", "DPK360123456789", true],
    ["deppon", "12345678", true],
    ["deppon", "DPK12", false],
    ["other", "ABC123", true],
    ["other", "AB1", false],
  ] as const)("%s %s → %s", (carrier, number, valid) => {
    expect(isValidTrackingNumber(carrier, number)).toBe(valid);
  });

  it("normalizes what was typed or scanned", () => {
    expect(normalizeTrackingNumber(" sf 1234-5678-90123 ")).toBe("SF1234567890123");
  });

  it("maps Kuaidi100 company codes", () => {
    expect(carrierFromKuaidi100("shunfeng")).toBe("sf");
    expect(carrierFromKuaidi100("ZhongTong")).toBe("zto");
    expect(carrierFromKuaidi100("debangkuaidi")).toBe("deppon");
    expect(carrierFromKuaidi100("dhl")).toBeNull();
  });
});
