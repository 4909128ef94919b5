import type { Carrier } from "~db/schema";

// The carriers staff can hand a parcel to. Tracking number formats are what each carrier
// prints on its waybills today, kept a little wider than the current format so an older
// or regional waybill is not refused at the packing bench; the last word is always the
// carrier's own tracking, and `other` takes anything plausible.

export interface CarrierInfo {
  key: Carrier;
  name_zh: string;
  name_en: string;
  /** The company code Kuaidi100 uses in `lastResult.com`. */
  kuaidi100: readonly string[];
  /** Accepted tracking numbers, after normalization (upper case, no spaces or dashes). */
  pattern: RegExp;
  /** A made-up number of the right shape, shown as the field's placeholder. */
  example: string;
}

export const CARRIERS: readonly CarrierInfo[] = [
  {
    key: "sf",
    name_zh: "顺丰速运",
    name_en: "SF Express",
    kuaidi100: ["shunfeng", "shunfengkuaiyun"],
    // SF + 12–15 digits on current waybills; older ones were 12 bare digits.
    pattern: /^(?:SF\d{12,15}|\d{12})$/,
    example: "SF1234567890123",
  },
  {
    key: "jd",
    name_zh: "京东物流",
    name_en: "JD Logistics",
    kuaidi100: ["jd", "jingdongkuaiyun"],
    // JD, JDV, JDVA, JDX… followed by digits and capitals.
    pattern: /^JD[A-Z0-9]{11,18}$/,
    example: "JDVA12345678901",
  },
  {
    key: "ems",
    name_zh: "中国邮政 EMS",
    name_en: "China Post EMS",
    kuaidi100: ["ems", "emsguoji", "youzhengguonei", "youzhengbk"],
    // UPU S10 (two letters, nine digits, two letters) or the 13-digit domestic number.
    pattern: /^(?:[A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/,
    example: "EA123456789CN",
  },
  {
    key: "zto",
    name_zh: "中通快递",
    name_en: "ZTO Express",
    kuaidi100: ["zhongtong"],
    // 12 digits on older waybills, 13–15 (mostly starting 7) on current ones.
    pattern: /^\d{12,15}$/,
    example: "73123456789012",
  },
  {
    key: "yto",
    name_zh: "圆通速递",
    name_en: "YTO Express",
    kuaidi100: ["yuantong"],
    // YT + 13 digits today; older waybills were 10–12 characters with a leading letter or digit.
    pattern: /^(?:YT\d{10,16}|[A-Z0-9]\d{9,11})$/,
    example: "YT1234567890123",
  },
  {
    key: "sto",
    name_zh: "申通快递",
    name_en: "STO Express",
    kuaidi100: ["shentong"],
    pattern: /^\d{12,15}$/,
    example: "773123456789012",
  },
  {
    key: "yunda",
    name_zh: "韵达快递",
    name_en: "Yunda Express",
    kuaidi100: ["yunda", "yundakuaiyun"],
    pattern: /^\d{13,15}$/,
    example: "4312345678901",
  },
  {
    key: "deppon",
    name_zh: "德邦快递",
    name_en: "Deppon Express",
    kuaidi100: ["debangkuaidi", "debangwuliu"],
    // DPK + 12 digits for parcels; freight waybills are 8–10 digits.
    pattern: /^(?:DPK\d{12,15}|\d{8,10})$/,
    example: "DPK360123456789",
  },
  {
    key: "other",
    name_zh: "其他快递",
    name_en: "Other carrier",
    kuaidi100: [],
    pattern: /^[A-Z0-9]{6,32}$/,
    example: "AB12345678",
  },
];

export const CARRIER_KEYS = CARRIERS.map((carrier) => carrier.key) as [Carrier, ...Carrier[]];

export function isCarrier(value: unknown): value is Carrier {
  return typeof value === "string" && CARRIERS.some((carrier) => carrier.key === value);
}

export function carrierInfo(key: Carrier): CarrierInfo {
  const found = CARRIERS.find((carrier) => carrier.key === key);
  if (!found) throw new RangeError(`unknown carrier ${key}`);
  return found;
}

export function carrierName(key: Carrier, locale: "zh" | "en"): string {
  const info = carrierInfo(key);
  return locale === "zh" ? info.name_zh : info.name_en;
}

/** What a person typed or scanned, as it is stored: upper case, without spaces or dashes. */
export function normalizeTrackingNumber(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

/** True when the (normalized) number has the carrier's format. */
export function isValidTrackingNumber(carrier: Carrier, trackingNumber: string): boolean {
  return carrierInfo(carrier).pattern.test(trackingNumber);
}

/** The carrier behind a Kuaidi100 company code, or null for one we do not ship with. */
export function carrierFromKuaidi100(code: string): Carrier | null {
  const normalized = code.trim().toLowerCase();
  return CARRIERS.find((carrier) => carrier.kuaidi100.includes(normalized))?.key ?? null;
}
