import type { Carrier } from "../../../db/schema";

// Carrier names as shoppers know them.
const NAMES: Record<Carrier, { zh: string; en: string }> = {
  sf: { zh: "顺丰速运", en: "SF Express" },
  jd: { zh: "京东物流", en: "JD Logistics" },
  ems: { zh: "中国邮政 EMS", en: "China Post EMS" },
  zto: { zh: "中通快递", en: "ZTO Express" },
  yto: { zh: "圆通速递", en: "YTO Express" },
  sto: { zh: "申通快递", en: "STO Express" },
  yunda: { zh: "韵达快递", en: "Yunda Express" },
  deppon: { zh: "德邦快递", en: "Deppon Express" },
  other: { zh: "其他快递", en: "Other carrier" },
};

export function carrierDisplayName(carrier: Carrier, locale: "zh" | "en"): string {
  return NAMES[carrier][locale];
}
