import { describe, expect, it } from "vitest";
import { bookingIcs, BookingCalendarError } from "~/utils/booking-ics.server";

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("bookingIcs", () => {
  it("writes a stay as all-day nights with check-out exclusive, in any process time zone", () => {
    const ics = unfold(
      bookingIcs({
        number: "BK261203123456",
        kind: "stay",
        status: "paid",
        title: "山间小院 · 观景房",
        checkIn: "2026-12-30",
        checkOut: "2027-01-01",
        location: "重庆市武隆区仙女山镇",
        description: "2 晚，2 位客人",
        url: "https://example.test/bookings/BK261203123456?token=abc",
      }),
    );
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("UID:BK261203123456@shanshui.market");
    expect(ics).toContain("DTSTART;VALUE=DATE:20261230");
    expect(ics).toContain("DTEND;VALUE=DATE:20270101");
    expect(ics).toContain("SUMMARY:山间小院 · 观景房");
    expect(ics).toContain("LOCATION:重庆市武隆区仙女山镇");
    expect(ics).toContain("STATUS:CONFIRMED");
    expect(ics).toContain("URL;VALUE=URI:https://example.test/bookings/BK261203123456?token=abc");
    expect(ics.split("\r\n").length).toBeGreaterThan(8);
  });

  it("writes an experience at its slot's instant, and a cancelled booking as cancelled", () => {
    const ics = unfold(
      bookingIcs({
        number: "BK261203000001",
        kind: "experience",
        status: "cancelled",
        title: "Orange picking",
        startsAt: new Date("2026-12-20T09:00:00+08:00"),
        durationMinutes: 150,
        location: "Fengjie",
        description: "3 people",
      }),
    );
    expect(ics).toContain("DTSTART:20261220T010000Z");
    expect(ics).toContain("DTEND:20261220T033000Z");
    expect(ics).toContain("STATUS:CANCELLED");
  });

  it("refuses a stay without dates rather than writing a wrong event", () => {
    expect(() => bookingIcs({ number: "BK1", kind: "stay", status: "held", title: "x", location: "", description: "" })).toThrow(BookingCalendarError);
  });
});
