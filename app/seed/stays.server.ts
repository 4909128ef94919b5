import type { Kysely } from "kysely";
import { insertBookingPayment } from "~/models/booking-payment.server";
import { addRate, createListing, createSlot, createUnit, publishListing } from "~/models/stay.server";
import { withTransaction } from "~/models/transaction.server";
import { holdExperience, holdStay, type HoldResult } from "~/services/bookings.server";
import { createDevWebhook, devBookingSessionId, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { addDays } from "~/utils/calendar-dates";
import type { Database } from "~db/schema";
import { DEMO_BOOKINGS, FESTIVAL_RATES, STAYS } from "~db/seed-data/stays";

// The demo's stays and experiences, made through the same model functions the cooperative
// pages use, so a demo listing is exactly what a cooperative could have made itself.

/** A moment on a China day, `days` after `today`. */
function slotStart(today: string, days: number, time: string): Date {
  const start = new Date(`${today}T${time}:00+08:00`);
  start.setUTCDate(start.getUTCDate() + days);
  return start;
}

export async function seedDemoStays(db: Kysely<Database>, today: string): Promise<number> {
  const cooperatives = await db.selectFrom("cooperatives").select(["id", "slug"]).execute();
  const idOf = new Map(cooperatives.map((row) => [row.slug, row.id]));
  for (const seed of STAYS) {
    const cooperativeId = idOf.get(seed.cooperative);
    if (cooperativeId === undefined) throw new Error(`demo stay ${seed.slug}: no cooperative ${seed.cooperative}`);
    const created = await createListing(db, {
      cooperativeId,
      fields: {
        slug: seed.slug,
        kind: seed.kind,
        name_zh: seed.nameZh,
        name_en: seed.nameEn,
        description_zh: seed.descriptionZh,
        description_en: seed.descriptionEn,
        county_zh: seed.countyZh,
        county_en: seed.countyEn,
        village_zh: seed.villageZh,
        village_en: seed.villageEn,
        address_zh: seed.addressZh,
        address_en: seed.addressEn,
        access_kind: seed.access.kind,
        access_point_zh: seed.access.pointZh,
        access_point_en: seed.access.pointEn,
        access_distance_km: seed.access.km,
        directions_zh: seed.directionsZh,
        directions_en: seed.directionsEn,
        check_in_from: seed.checkInFrom ?? null,
        check_out_until: seed.checkOutUntil ?? null,
        house_rules_zh: seed.houseRulesZh ?? "",
        house_rules_en: seed.houseRulesEn ?? "",
        amenities: seed.amenities ?? [],
        included_zh: seed.includedZh ?? "",
        included_en: seed.includedEn ?? "",
        duration_minutes: seed.durationMinutes ?? null,
        min_age: seed.minAge ?? null,
        host_phone: seed.hostPhone,
        cancel_free_days: seed.cancelFreeDays,
        cancel_late_refund_percent: seed.cancelLateRefundPercent,
      },
    });
    if (!created.ok) throw new Error(`demo stay ${seed.slug} refused: ${JSON.stringify(created.errors)}`);
    for (const unit of seed.units ?? []) {
      const { id: unitId } = await createUnit(db, {
        cooperativeId,
        listingId: created.id,
        fields: {
          name_zh: unit.nameZh,
          name_en: unit.nameEn,
          capacity: unit.capacity,
          beds_zh: unit.bedsZh,
          beds_en: unit.bedsEn,
          base_price_fen: unit.basePriceFen,
          weekend_price_fen: unit.weekendPriceFen ?? null,
          min_nights: unit.minNights ?? 1,
        },
      });
      for (const rate of FESTIVAL_RATES.filter((r) => r.endsOn > today)) {
        const added = await addRate(db, {
          cooperativeId,
          unitId,
          fields: {
            label_zh: rate.labelZh,
            label_en: rate.labelEn,
            starts_on: rate.startsOn,
            ends_on: rate.endsOn,
            price_fen: Math.round((unit.basePriceFen * rate.multiplier) / 100) * 100,
            min_nights: rate.minNights ?? null,
          },
        });
        if (!added.ok) throw new Error(`demo rate ${rate.labelEn} for ${seed.slug} refused`);
      }
    }
    for (const slot of seed.slots ?? []) {
      const added = await createSlot(db, {
        cooperativeId,
        listingId: created.id,
        startsAt: slotStart(today, slot.inDays, slot.time),
        capacity: slot.capacity,
        priceFen: slot.priceFen,
      });
      if (!added.ok) throw new Error(`demo slot for ${seed.slug} refused`);
    }
    const published = await publishListing(db, { cooperativeId, listingId: created.id });
    if (!published.ok) throw new Error(`demo stay ${seed.slug} not published: ${JSON.stringify(published)}`);
  }
  await seedDemoBookings(db, today);
  return STAYS.length;
}

/**
 * The demo guests' bookings: held as the stay page holds them, then paid the way the test
 * provider's page pays, through the same signed webhook and processing (which also posts the
 * cooperative's income to the ledger).
 */
async function seedDemoBookings(db: Kysely<Database>, today: string): Promise<void> {
  for (const seed of DEMO_BOOKINGS) {
    const listing = await db.selectFrom("stay_listings").select("id").where("slug", "=", seed.listing).executeTakeFirstOrThrow();
    const contact = { contactName: seed.name, contactMobile: seed.mobile, specialRequests: seed.requests, email: null, userId: null, locale: "zh" as const };
    let held: HoldResult;
    if ("unitEn" in seed) {
      const unit = await db.selectFrom("stay_units").select("id").where("listing_id", "=", listing.id).where("name_en", "=", seed.unitEn).executeTakeFirstOrThrow();
      const checkIn = addDays(today, seed.inDays);
      held = await holdStay(db, { ...contact, unitId: unit.id, checkIn, checkOut: addDays(checkIn, seed.nights), guests: seed.guests });
    } else {
      const slot = await db
        .selectFrom("experience_slots")
        .select("id")
        .where("listing_id", "=", listing.id)
        .where("starts_at", ">=", new Date(`${addDays(today, seed.slotInDays)}T00:00:00+08:00`))
        .orderBy("starts_at")
        .executeTakeFirstOrThrow();
      held = await holdExperience(db, { ...contact, slotId: slot.id, people: seed.people });
    }
    if (!held.ok) throw new Error(`demo booking for ${seed.listing} refused: ${held.code}`);
    const { id, totalFen, holdExpiresAt } = held.booking;
    const sessionId = devBookingSessionId(id, 1);
    await withTransaction(db, (trx) =>
      insertBookingPayment(trx, { bookingId: id, provider: "dev", sessionId, attempt: 1, amountFen: totalFen, checkoutUrl: `/pay/dev/booking/${id}`, expiresAt: holdExpiresAt }),
    );
    const webhook = createDevWebhook({ sessionId, type: "dev.payment.approved", amountFen: totalFen });
    await processPaymentEvent(db, await devProvider.parseWebhook(webhook.body, webhook.headers));
  }
}
