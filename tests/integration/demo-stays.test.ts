import { beforeAll, describe, expect, it } from "vitest";
import { findAvailableUnits } from "~/models/booking.server";
import { readPricingInputs } from "~/models/stay.server";
import { priceStay } from "~/models/stay-pricing";
import { seedDemoStays } from "~/seed/stays.server";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { DEMO_BOOKINGS, STAYS } from "~db/seed-data/stays";

// The demo's stays, seeded on a fresh test database (which holds the catalogue but no stays):
// published, in the three counties, bookable, and priced by their own rules.

beforeAll(async () => {
  await seedDemoStays(db(), chinaToday());
});

describe("the demo stays", () => {
  it("are published in Fengjie, Wushan and Wulong, through the model functions", async () => {
    const listings = await db().selectFrom("stay_listings").select(["slug", "kind", "county_zh", "status"]).orderBy("id").execute();
    expect(listings).toHaveLength(STAYS.length);
    expect(listings.every((l) => l.status === "published")).toBe(true);
    expect(new Set(listings.filter((l) => l.kind === "stay").map((l) => l.county_zh))).toEqual(new Set(["武隆区", "奉节县", "巫山县"]));
    const slots = await db().selectFrom("experience_slots").select("starts_at").execute();
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.starts_at.getTime() > Date.now())).toBe(true);
  });

  it("come with guests' bookings, paid through the test provider and posted to the cooperatives' ledger", async () => {
    const bookings = await db().selectFrom("bookings").select(["id", "status", "captured_fen", "total_fen"]).execute();
    expect(bookings).toHaveLength(DEMO_BOOKINGS.length);
    expect(bookings.every((b) => b.status === "paid" && Number(b.captured_fen) === Number(b.total_fen))).toBe(true);
    const posted = await db().selectFrom("ledger_transactions").select("booking_id").where("booking_id", "is not", null).execute();
    expect(new Set(posted.map((row) => row.booking_id))).toEqual(new Set(bookings.map((b) => b.id)));
  });

  it("offer a Wulong room for two nights next month, two guests, at its weekday and weekend prices", async () => {
    const checkIn = addDays(chinaToday(), 30); // clear of the demo guests' bookings
    const { units } = await findAvailableUnits(db(), { checkIn, checkOut: addDays(checkIn, 2), guests: 2, nights: 2, now: new Date(), countyZh: "武隆区", limit: 10 });
    expect(units.map((u) => u.slug)).toContain("wulong-shuanghe-cloud-farmhouse");
    const unit = units.find((u) => u.slug === "wulong-shuanghe-cloud-farmhouse")!;
    const inputs = await readPricingInputs(db(), { unitId: unit.unitId, checkIn, checkOut: addDays(checkIn, 2) });
    const row = await db().selectFrom("stay_units").select(["base_price_fen", "weekend_price_fen", "min_nights"]).where("id", "=", unit.unitId).executeTakeFirstOrThrow();
    const price = priceStay({
      unit: { basePriceFen: row.base_price_fen, weekendPriceFen: row.weekend_price_fen, minNights: row.min_nights },
      ...inputs,
      checkIn,
      checkOut: addDays(checkIn, 2),
      today: chinaToday(),
    });
    expect(price.ok).toBe(true);
    if (price.ok) expect(price.totalFen).toBeGreaterThanOrEqual(2 * 32_800);
  });

  it("charge the festival rate in the Spring Festival week", async () => {
    const unit = await db().selectFrom("stay_units").select("id").where("name_en", "=", "Mountain-view room").executeTakeFirstOrThrow();
    const rates = await db().selectFrom("stay_rates").select(["label_en", "price_fen"]).where("unit_id", "=", unit.id).execute();
    if (chinaToday() < "2027-02-12") expect(rates).toContainEqual({ label_en: "Spring Festival 2027", price_fen: 52_500 });
  });
});
