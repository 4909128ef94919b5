// Names in the demo data that tests and documentation rely on. The seed must produce
// exactly these; everything else in it is free to change.
export const DEMO_PASSWORD = "shanshui-demo-2026";

export const DEMO_ACCOUNTS = {
  admin: "admin@shanshui.test",
  staff: "staff@shanshui.test",
  fengjie: "fengjie@shanshui.test",
  wushan: "wushan@shanshui.test",
  shopper: "shopper@shanshui.test",
} as const;

export const DEMO = {
  categories: ["fruit", "vegetables", "grain-oil", "tea", "honey", "spices", "meat", "preserved"],
  cooperatives: { fengjie: "fengjie-navel-orange", wushan: "wushan-crisp-plum" },
  navelOrange: {
    slug: "fengjie-navel-orange",
    nameZh: "奉节脐橙",
    nameEn: "Fengjie Navel Orange",
    skus: ["FJ-NAVEL-5KG", "FJ-NAVEL-10KG"],
    brand: { name: "夔州红", registrationNumber: "71234567", niceClass: 31 },
    /** Verified and valid: shown as a badge. */
    greenFood: "LB-18-2501234567A",
    /** Verified but expired 30 days before the seed ran: never shown to shoppers. */
    expiredGi: "AGI01853",
  },
  pepper: { slug: "jiangjin-green-sichuan-pepper", nameZh: "江津青花椒", nameEn: "Jiangjin Green Sichuan Pepper" },
  /** An active product whose every variant has no stock. */
  soldOut: "wushan-crisp-plum-early",
  /** An active product with a variant of 1–5 units left. */
  lowStock: "chengkou-cured-pork",
  /** Not shown in the public catalogue. */
  draft: "tongnan-lemon-honey-tea",
  archived: "liangping-pomelo-2024",
  /** A certificate waiting for staff, a rejected one (with a note). */
  pendingCertificationNumber: "COFCC-R-2026-0417",
  rejectedCertificationNumber: "LB-99-0000000000X",
  /** Active products that must travel cold: one chilled, one frozen. */
  chilled: "shizhu-water-shield",
  frozen: "chengkou-mountain-chicken",
} as const;
