import ical, { ICalEventStatus } from "ical-generator";

// A booking as an iCalendar file, for the confirmation e-mail and the booking page. A stay is an
// all-day event from check-in to check-out: iCalendar's all-day DTEND is exclusive, exactly like
// our check-out, so a two-night stay shows on the two nights' days. An experience is a timed event
// at its slot's instant (written in UTC, shown in each reader's own zone). The UID is the
// booking number, so a later file (a cancellation) replaces the event instead of adding one.

export interface BookingCalendarInput {
  number: string;
  kind: "stay" | "experience";
  status: "held" | "paid" | "cancelled" | "checked_in" | "no_show" | "expired";
  title: string;
  /** Stays: 'YYYY-MM-DD' China dates, check-out exclusive. */
  checkIn?: string | null;
  checkOut?: string | null;
  /** Experiences: the slot's start and length. */
  startsAt?: Date | null;
  durationMinutes?: number | null;
  location: string;
  description: string;
  /** The booking page (with its access link), if the file should point back to it. */
  url?: string | null;
}

export class BookingCalendarError extends Error {
  override name = "BookingCalendarError";
}

const utcDay = (date: string) => new Date(`${date}T00:00:00Z`);

export function bookingIcs(booking: BookingCalendarInput): string {
  const calendar = ical({ prodId: { company: "Shanshui Market", product: "Bookings", language: "ZH" }, name: booking.title });
  const timing =
    booking.kind === "stay"
      ? (() => {
          if (!booking.checkIn || !booking.checkOut) throw new BookingCalendarError(`stay ${booking.number} has no dates`);
          // The UTC calendar fields are what ical-generator writes for an all-day date.
          return { start: utcDay(booking.checkIn), end: utcDay(booking.checkOut), allDay: true };
        })()
      : (() => {
          if (!booking.startsAt) throw new BookingCalendarError(`experience ${booking.number} has no slot`);
          const end = new Date(booking.startsAt.getTime() + (booking.durationMinutes ?? 60) * 60_000);
          return { start: booking.startsAt, end, allDay: false };
        })();
  calendar.createEvent({
    id: `${booking.number}@shanshui.market`,
    ...timing,
    summary: booking.title,
    location: booking.location,
    description: booking.description,
    url: booking.url ?? undefined,
    status: booking.status === "cancelled" || booking.status === "expired" ? ICalEventStatus.CANCELLED : booking.status === "held" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
