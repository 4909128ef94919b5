// The shapes the public stay pages render, shared by the service that reads them and the
// components that show them.

export interface StayCardView {
  id: number;
  slug: string;
  kind: "stay" | "experience";
  name: string;
  county: string;
  village: string;
  access: { kind: "rail" | "expressway"; point: string; km: string } | null;
  fromPriceFen: number | null;
  /** With dates: the lowest total of a unit free for them, and how many nights that is. */
  datedPrice: { totalFen: number; nights: number } | null;
  image: { storageKey: string; alt: string } | null;
}

export type NightView = "free" | "booked" | "closed" | "past";

export interface MonthView {
  /** 'YYYY-MM' */
  month: string;
  /** Empty cells before the 1st, Monday first. */
  offset: number;
  days: { date: string; state: NightView }[];
}

export type QuoteRefusal =
  | { code: "invalid_dates" }
  | { code: "in_the_past" }
  | { code: "too_long"; maxNights: number }
  | { code: "too_short"; minNights: number }
  | { code: "closed"; nights: string[] };

export type QuoteView =
  | {
      ok: true;
      unitId: number;
      checkIn: string;
      checkOut: string;
      nights: { night: string; priceFen: number; source: "base" | "weekend" | "rate"; label: string | null }[];
      totalFen: number;
      free: boolean;
      /** The unit sleeps fewer than the guests asked for (its capacity). */
      tooSmallFor: number | null;
    }
  | ({ ok: false; unitId: number; checkIn: string; checkOut: string } & QuoteRefusal);
