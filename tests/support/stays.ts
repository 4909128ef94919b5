import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { createListing, createSlot, createUnit, publishListing, type StayListingFields, type StayUnitFields } from "~/models/stay.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";

// Stays and experiences for the booking tests, made through the same model functions the
// cooperative pages use.

export async function firstCooperativeIds(db: Kysely<Database>): Promise<[number, number]> {
  const rows = await db.selectFrom("cooperatives").select("id").orderBy("id").limit(2).execute();
  if (rows.length < 2) throw new Error("the seed has fewer than two cooperatives");
  return [rows[0]!.id, rows[1]!.id];
}

export async function createTestStay(
  db: Kysely<Database>,
  options: { cooperativeId: number; listing?: Partial<StayListingFields>; unit?: Partial<StayUnitFields>; published?: boolean },
): Promise<{ listingId: number; unitId: number; slug: string }> {
  const slug = `test-stay-${randomBytes(4).toString("hex")}`;
  const created = await createListing(db, {
    cooperativeId: options.cooperativeId,
    fields: { slug, kind: "stay", name_zh: "山间小院", name_en: "Mountain courtyard", county_zh: "武隆区", county_en: "Wulong", cancel_free_days: 3, cancel_late_refund_percent: 50, ...options.listing },
  });
  if (!created.ok) throw new Error(`listing refused: ${JSON.stringify(created.errors)}`);
  const unit = await createUnit(db, {
    cooperativeId: options.cooperativeId,
    listingId: created.id,
    fields: { name_zh: "观景房", name_en: "View room", capacity: 2, base_price_fen: 28_800, ...options.unit },
  });
  if (options.published !== false) {
    const published = await publishListing(db, { cooperativeId: options.cooperativeId, listingId: created.id });
    if (!published.ok) throw new Error("listing not published");
  }
  return { listingId: created.id, unitId: unit.id, slug };
}

export async function createTestExperience(
  db: Kysely<Database>,
  options: { cooperativeId: number; capacity: number; priceFen?: number; startsAt?: Date },
): Promise<{ listingId: number; slotId: number }> {
  const slug = `test-exp-${randomBytes(4).toString("hex")}`;
  const created = await createListing(db, {
    cooperativeId: options.cooperativeId,
    fields: { slug, kind: "experience", name_zh: "摘脐橙", name_en: "Orange picking", county_zh: "奉节县", duration_minutes: 120 },
  });
  if (!created.ok) throw new Error("experience refused");
  const slot = await createSlot(db, {
    cooperativeId: options.cooperativeId,
    listingId: created.id,
    startsAt: options.startsAt ?? new Date(`${addDays(chinaToday(), 20)}T09:00:00+08:00`),
    capacity: options.capacity,
    priceFen: options.priceFen ?? 6_800,
  });
  if (!slot.ok) throw new Error("slot refused");
  await publishListing(db, { cooperativeId: options.cooperativeId, listingId: created.id });
  return { listingId: created.id, slotId: slot.id };
}

export const guest = (n = 0) => ({
  contactName: `测试客人${n}`,
  contactMobile: `1380000${String(n).padStart(4, "0")}`,
  email: null,
  userId: null,
  locale: "zh" as const,
});

/** A China date `days` from today: far enough ahead for any cancellation window in the tests. */
export const inDays = (days: number) => addDays(chinaToday(), days);
