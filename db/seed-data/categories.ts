import type { CategorySlug } from "~db/seed-data/types";
import { DEMO } from "~db/seed-data/fixtures";

/** The shop's categories, in display order; the slugs are fixed by the demo contract. */
export const CATEGORIES: { slug: CategorySlug; nameZh: string; nameEn: string }[] = [
  { slug: "fruit", nameZh: "水果", nameEn: "Fruit" },
  { slug: "vegetables", nameZh: "蔬菜", nameEn: "Vegetables" },
  { slug: "grain-oil", nameZh: "粮油", nameEn: "Grain & oil" },
  { slug: "tea", nameZh: "茶叶", nameEn: "Tea" },
  { slug: "honey", nameZh: "蜂蜜", nameEn: "Honey" },
  { slug: "spices", nameZh: "香料调味", nameEn: "Spices" },
  { slug: "meat", nameZh: "肉类", nameEn: "Meat" },
  { slug: "preserved", nameZh: "腌制干货", nameEn: "Preserved goods" },
];

// The contract's list and this one must never drift apart.
if (CATEGORIES.map((c) => c.slug).join() !== DEMO.categories.join()) {
  throw new Error("db/seed-data/categories.ts does not match DEMO.categories");
}
