import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  kuaidi100PushSchema,
  kuaidi100Signature,
  parseBeijingTime,
  scansFromPush,
  shipmentStatusForKuaidi100State,
  verifyKuaidi100Signature,
} from "~/services/tracking.server";

const SALT = "test-salt-123";

describe("Kuaidi100 signature", () => {
  const param = JSON.stringify({ lastResult: { nu: "SF1234567890123", state: "0", data: [] } });
  const md5 = createHash("md5").update(param + SALT).digest("hex");

  it("is the MD5 of param + salt, in upper case", () => {
    expect(kuaidi100Signature(param, SALT)).toBe(md5.toUpperCase());
  });

  it("accepts either case", () => {
    expect(verifyKuaidi100Signature(param, md5.toUpperCase(), SALT)).toBe(true);
    expect(verifyKuaidi100Signature(param, md5.toLowerCase(), SALT)).toBe(true);
  });

  it("refuses a wrong, truncated, padded or foreign signature", () => {
    expect(verifyKuaidi100Signature(param, md5.replace(/^./, md5[0] === "0" ? "1" : "0"), SALT)).toBe(false);
    expect(verifyKuaidi100Signature(param, md5.slice(0, 31), SALT)).toBe(false);
    expect(verifyKuaidi100Signature(param, `${md5}00`, SALT)).toBe(false);
    expect(verifyKuaidi100Signature(param, "", SALT)).toBe(false);
    expect(verifyKuaidi100Signature(param, md5, "other-salt")).toBe(false);
    expect(verifyKuaidi100Signature(`${param} `, md5, SALT)).toBe(false);
  });
});

describe("Kuaidi100 states", () => {
  it.each([
    ["0", "in_transit"],
    ["1", "in_transit"],
    ["2", "exception"],
    ["3", "delivered"],
    ["4", "returned"],
    ["5", "out_for_delivery"],
    ["6", "exception"],
    ["8", "in_transit"],
    ["14", "exception"],
    ["101", "in_transit"],
    ["1002", "in_transit"],
    ["204", "exception"],
    ["301", "delivered"],
    ["401", "returned"],
    ["501", "out_for_delivery"],
  ] as const)("state %s → %s", (state, status) => {
    expect(shipmentStatusForKuaidi100State(state)).toBe(status);
  });
});

describe("Beijing time", () => {
  it("is UTC+8", () => {
    expect(parseBeijingTime("2026-03-04 10:00:00")?.toISOString()).toBe("2026-03-04T02:00:00.000Z");
    expect(parseBeijingTime("2026-01-01 07:59:59")?.toISOString()).toBe("2025-12-31T23:59:59.000Z");
  });
  it("refuses anything else", () => {
    expect(parseBeijingTime("2026-03-04T10:00:00Z")).toBeNull();
    expect(parseBeijingTime("yesterday")).toBeNull();
    expect(parseBeijingTime("2026-13-45 10:00:00")).toBeNull();
  });
});

describe("scans from a push", () => {
  it("gives the newest scan the push's state and the older ones their own", () => {
    const push = kuaidi100PushSchema.parse({
      status: "polling",
      lastResult: {
        com: "shunfeng",
        nu: "SF1234567890123",
        state: 5,
        data: [
          { context: "快件交给张三，正在派送", time: "2026-03-04 09:00:00", ftime: "2026-03-04 09:00:00", areaName: "重庆市渝中区" },
          { context: "快件到达重庆中转场", time: "2026-03-03 20:00:00", ftime: "2026-03-03 20:00:00", status: "在途" },
          { context: "顺丰速运已收取快件", time: "2026-03-03 10:00:00", ftime: "2026-03-03 10:00:00", status: "揽收" },
        ],
      },
    });
    const scans = scansFromPush(push);
    expect(scans.map((scan) => scan.status)).toEqual(["out_for_delivery", "in_transit", "in_transit"]);
    expect(scans[0]).toMatchObject({ location: "重庆市渝中区", carrierState: "5" });
    expect(scans[0]!.occurredAt.toISOString()).toBe("2026-03-04T01:00:00.000Z");
  });

  it("refuses a push without a tracking number or with an unreadable time", () => {
    expect(kuaidi100PushSchema.safeParse({ lastResult: { com: "sf", nu: "", state: "0", data: [] } }).success).toBe(false);
    expect(
      kuaidi100PushSchema.safeParse({ lastResult: { com: "sf", nu: "SF1", state: "0", data: [{ context: "x", time: "soon" }] } }).success,
    ).toBe(false);
  });
});
