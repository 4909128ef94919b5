import type { Locale, Role } from "~db/schema";
import { DEMO_ACCOUNTS } from "~db/seed-data/fixtures";

/** The demo accounts (all with DEMO_PASSWORD) and, for members, the cooperative they belong to. */
export const ACCOUNTS: {
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  phone: string;
  cooperative?: { slug: string; role: "owner" | "member" };
}[] = [
  { email: DEMO_ACCOUNTS.admin, name: "周敏", role: "admin", locale: "zh", phone: "13800000001" },
  { email: DEMO_ACCOUNTS.staff, name: "李晓雯", role: "staff", locale: "zh", phone: "13800000002" },
  {
    email: DEMO_ACCOUNTS.fengjie,
    name: "刘德明",
    role: "shopper",
    locale: "zh",
    phone: "13800000003",
    cooperative: { slug: "fengjie-navel-orange", role: "owner" },
  },
  {
    email: DEMO_ACCOUNTS.wushan,
    name: "王秀兰",
    role: "shopper",
    locale: "zh",
    phone: "13800000004",
    cooperative: { slug: "wushan-crisp-plum", role: "member" },
  },
  { email: DEMO_ACCOUNTS.shopper, name: "张悦", role: "shopper", locale: "zh", phone: "13800000005" },
];
