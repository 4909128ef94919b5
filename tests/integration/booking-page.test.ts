import { randomBytes, randomInt } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { action as bookingAction, loader as bookingLoader } from "~/routes/bookings.$number";
import { loader as icsLoader } from "~/routes/bookings.$number[.]ics";
import { loader as eventsLoader } from "~/routes/bookings.$number.events";
import { action as lookupAction } from "~/routes/bookings.lookup";
import { startBookingPayment } from "~/services/booking-payments.server";
import { BOOKING_ACTION_LIMIT, BOOKING_LOOKUP_LIMITS, queueBookingReminders } from "~/services/booking-guest.server";
import { retryUnsubmittedBookingRefunds } from "~/services/booking-refunds.server";
import { cancelBooking, holdStay } from "~/services/bookings.server";
import { stopLiveEvents } from "~/services/live-events.server";
import { composeOutboxMail } from "~/services/mail/messages.server";
import { createDevWebhook, devProvider } from "~/services/payments/dev.server";
import { processPaymentEvent } from "~/services/payments/process-event.server";
import { db } from "~/utils/db.server";
import { formRequest, getRequest, settle, testContext } from "../support/auth";
import { createTestStay, firstCooperativeIds, guest, inDays } from "../support/stays";

let coopA: number;
let mobileSeq = randomInt(0, 9000);

beforeAll(async () => {
  [coopA] = await firstCooperativeIds(db());
});
afterAll(() => stopLiveEvents());

function clientContext(): AppLoadContext {
  return { ...testContext, clientAddress: `test-client-${randomBytes(8).toString("hex")}` };
}

const HOST_PHONE = "13912345678";

/** A held (or, with `pay`, paid through the dev provider) stay of two nights for two guests. */
async function booking(options: { arriveInDays?: number; pay?: boolean; email?: string | null; freeDays?: number; latePercent?: number } = {}) {
  const { unitId } = await createTestStay(db(), {
    cooperativeId: coopA,
    listing: {
      name_zh: "武隆山间小院",
      name_en: "Wulong courtyard",
      host_phone: HOST_PHONE,
      village_zh: "仙女山镇",
      address_zh: "荆竹村 3 组",
      access_kind: "rail",
      access_point_zh: "武隆站",
      access_distance_km: 18.5,
      directions_zh: "武隆站打车约 30 分钟，到村口打电话。",
      cancel_free_days: options.freeDays ?? 3,
      cancel_late_refund_percent: options.latePercent ?? 50,
    },
  });
  const n = (mobileSeq = (mobileSeq + 1) % 10000);
  const arrive = options.arriveInDays ?? 20;
  const email = options.email === undefined ? `guest${n}@example.test` : options.email;
  const hold = await holdStay(db(), { ...guest(n), email, unitId, checkIn: inDays(arrive), checkOut: inDays(arrive + 2), guests: 2 });
  if (!hold.ok) throw new Error(`hold refused: ${JSON.stringify(hold)}`);
  const b = { ...hold.booking, mobile: guest(n).contactMobile, email };
  if (options.pay !== false) {
    const started = await startBookingPayment(db(), { bookingId: b.id, accessToken: b.accessToken });
    if (!started.ok || !started.sessionId) throw new Error(JSON.stringify(started));
    const webhook = createDevWebhook({ sessionId: started.sessionId, type: "dev.payment.approved", amountFen: b.totalFen });
    await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));
  }
  return b;
}

async function page(number: string, token?: string | null, extra = "") {
  const query = token ? `?${new URLSearchParams({ token })}${extra}` : "";
  return settle(bookingLoader({ request: await getRequest(`/bookings/${number}${query}`), params: { number }, context: testContext }));
}

const postContext = clientContext();
async function post(number: string, form: Record<string, string>, context: AppLoadContext = postContext) {
  return settle(bookingAction({ request: await formRequest(`/bookings/${number}`, { form }), params: { number }, context }));
}

const row = (id: number) => db().selectFrom("bookings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const refundsOf = (id: number) => db().selectFrom("booking_refunds").selectAll().where("booking_id", "=", id).orderBy("id").execute();
const mailOf = (key: string) => db().selectFrom("outbox").selectAll().where("dedupe_key", "=", key).execute();

describe("the booking page", () => {
  it("opens with the booking's link, and answers 404 without it, with a wrong one, or for an unknown number", async () => {
    const b = await booking();
    const ok = await page(b.number, b.accessToken);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Cache-Control")).toContain("no-store");
    const data = await ok.json();
    expect(data.booking).toMatchObject({ number: b.number, status: "paid", guests: 2, nights: 2, checkIn: inDays(20), checkOut: inDays(22), capturedFen: b.totalFen });
    expect(data.place).toMatchObject({ name: "武隆山间小院", village: "仙女山镇", accessKind: "rail", accessPoint: "武隆站", accessDistanceKm: 18.5 });
    expect(data.cancellation).toMatchObject({ cancellable: true, rule: "free_window", refundFen: b.totalFen, freeUntil: inDays(17) });
    expect(data.payments).toEqual([expect.objectContaining({ attempt: 1, status: "paid", capturedFen: b.totalFen })]);

    expect((await page(b.number, null)).status).toBe(404);
    expect((await page(b.number, "not-the-token")).status).toBe(404);
    expect((await page(b.number, b.accessToken.slice(0, -1) + (b.accessToken.endsWith("A") ? "B" : "A"))).status).toBe(404);
    expect((await page("BK000000000001", b.accessToken)).status).toBe(404);
    expect((await page("not-a-number", b.accessToken)).status).toBe(404);
  });

  it("another booking's token opens neither that page, its calendar file, its stream, nor its cancel button", async () => {
    const mine = await booking();
    const theirs = await booking();
    expect((await page(theirs.number, mine.accessToken)).status).toBe(404);
    const ics = await settle(icsLoader({ request: await getRequest(`/bookings/${theirs.number}.ics?token=${mine.accessToken}`), params: { number: theirs.number }, context: testContext }));
    expect(ics.status).toBe(404);
    const abort = new AbortController();
    const stream = await settle(eventsLoader({ request: new Request(`http://localhost/bookings/${theirs.number}/events?token=${mine.accessToken}`, { signal: abort.signal }), params: { number: theirs.number }, context: testContext }));
    expect(stream.status).toBe(404);
    const cancel = await post(theirs.number, { intent: "cancel", token: mine.accessToken, confirm: "yes" });
    expect(cancel.status).toBe(404);
    expect((await row(theirs.id)).status).toBe("paid");
  });

  it("shows the host's phone only once the booking is paid, and the pay button while it is held", async () => {
    const held = await booking({ pay: false });
    const before = await (await page(held.number, held.accessToken)).json();
    expect(before.booking.status).toBe("held");
    expect(before.place.hostPhone).toBeNull();
    expect(JSON.stringify(before)).not.toContain(HOST_PHONE);
    expect(before.cancellation.rule).toBe("unpaid");

    const pay = await post(held.number, { intent: "pay", token: held.accessToken });
    expect(pay.status).toBe(303);
    const url = pay.headers.get("Location")!;
    expect(url).toMatch(new RegExp(`^/pay/dev/booking/${held.id}\\?`));
    const session = new URL(url, "http://x").searchParams.get("session")!;
    const webhook = createDevWebhook({ sessionId: session, type: "dev.payment.approved", amountFen: held.totalFen });
    await processPaymentEvent(db(), await devProvider.parseWebhook(webhook.body, webhook.headers));

    const after = await (await page(held.number, held.accessToken, "&payment=paid")).json();
    expect(after.booking.status).toBe("paid");
    expect(after.place.hostPhone).toBe(HOST_PHONE);
    expect(after.payment).toBe("paid");
  });

  it("the .ics answers text/calendar with the stay as all-day dates and the listing's name", async () => {
    const b = await booking();
    const response = await settle(icsLoader({ request: await getRequest(`/bookings/${b.number}.ics?token=${b.accessToken}`), params: { number: b.number }, context: testContext }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    expect(response.headers.get("Content-Disposition")).toContain(`${b.number}.ics`);
    const ics = await response.text();
    expect(ics).toContain(`DTSTART;VALUE=DATE:${inDays(20).replaceAll("-", "")}`);
    expect(ics).toContain(`DTEND;VALUE=DATE:${inDays(22).replaceAll("-", "")}`);
    expect(ics).toContain("武隆山间小院");
    expect(ics).toContain(`UID:${b.number}@shanshui.market`);
    const missing = await settle(icsLoader({ request: await getRequest(`/bookings/${b.number}.ics`), params: { number: b.number }, context: testContext }));
    expect(missing.status).toBe(404);
  });

  it("streams a status change to the open page", async () => {
    const b = await booking();
    const first = await (await page(b.number, b.accessToken)).json();
    const abort = new AbortController();
    const response = await eventsLoader({ request: new Request(`http://localhost${first.streamUrl}`, { signal: abort.signal }), params: { number: b.number }, context: testContext });
    expect(response.headers.get("Content-Type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5_000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${text}`);
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
        if (chunk && !chunk.done) text += decoder.decode(chunk.value);
      }
    };
    await readUntil(": connected");
    expect(text).not.toContain("data:");
    await cancelBooking(db(), { bookingId: b.id, by: "host", cooperativeId: coopA });
    await readUntil('"status":"cancelled"');
    abort.abort();
    await reader.cancel().catch(() => {});
  });
});

describe("cancelling from the booking page", () => {
  it("in the free window: cancelled, the full amount refunded through the dev provider, once, and the e-mail queued", async () => {
    const b = await booking({ arriveInDays: 20 });
    const response = await post(b.number, { intent: "cancel", token: b.accessToken, confirm: "yes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/bookings/${b.number}?${new URLSearchParams({ token: b.accessToken, notice: "cancelled" })}`);
    const after = await row(b.id);
    expect(after).toMatchObject({ status: "cancelled", cancelled_by: "guest" });
    expect(Number(after.refund_due_fen)).toBe(b.totalFen);
    expect(Number(after.refunded_fen)).toBe(b.totalFen);
    const refunds = await refundsOf(b.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ status: "succeeded", reason: "booking_cancelled", idempotency_key: expect.stringMatching(new RegExp(`^booking-cancel:${b.id}:\\d+$`)) });
    expect(Number(refunds[0]!.amount_fen)).toBe(b.totalFen);
    expect(refunds[0]!.provider_refund_id).toMatch(/^dev_re_/);
    const payment = await db().selectFrom("booking_payments").selectAll().where("booking_id", "=", b.id).executeTakeFirstOrThrow();
    expect(Number(payment.refunded_fen)).toBe(b.totalFen);

    // Submitted twice (a double tap, a resubmitted form): nothing more happens.
    const again = await post(b.number, { intent: "cancel", token: b.accessToken, confirm: "yes" });
    expect(again.headers.get("Location")).toContain("notice=notCancellable");
    expect(await refundsOf(b.id)).toHaveLength(1);
    expect(Number((await row(b.id)).refunded_fen)).toBe(b.totalFen);

    const view = await (await page(b.number, b.accessToken, "&notice=cancelled")).json();
    expect(view.booking).toMatchObject({ status: "cancelled", refundedFen: b.totalFen });
    expect(view.place.hostPhone).toBeNull();
    expect(view.refunds).toEqual([expect.objectContaining({ status: "succeeded", amountFen: b.totalFen })]);

    const mail = await mailOf(`booking-cancelled:${b.id}`);
    expect(mail).toHaveLength(1);
    const message = await composeOutboxMail(db(), { id: mail[0]!.id, kind: mail[0]!.kind, payload: mail[0]!.payload as Record<string, unknown> });
    expect(message.to).toBe(b.email);
    expect(message.subject).toBe(`预订 ${b.number} 已取消`);
    expect(message.text).toContain(`¥${(b.totalFen / 100).toFixed(2)}`);
    // The link in the e-mail is a fresh signed one, and it opens the page.
    const link = /https?:\/\/[^\s]+\/bookings\/BK\d{12}\?token=B1\.[^\s&]+/.exec(message.text)?.[0];
    expect(link).toBeTruthy();
    const token = new URL(link!).searchParams.get("token")!;
    expect((await page(b.number, token)).status).toBe(200);
    expect(message.text).not.toContain(b.accessToken);
  });

  it("late (inside the policy's days): the policy's percentage goes back, never more than was captured", async () => {
    const b = await booking({ arriveInDays: 2, freeDays: 7, latePercent: 30 });
    const view = await (await page(b.number, b.accessToken)).json();
    const expected = Math.floor((b.totalFen * 30) / 100);
    expect(view.cancellation).toMatchObject({ rule: "late", refundFen: expected });
    await post(b.number, { intent: "cancel", token: b.accessToken, confirm: "yes" });
    const refunds = await refundsOf(b.id);
    expect(refunds.map((r) => Number(r.amount_fen))).toEqual([expected]);
    expect(Number((await row(b.id)).refunded_fen)).toBe(expected);
  });

  it("without the confirming tick nothing is cancelled", async () => {
    const b = await booking();
    const response = await post(b.number, { intent: "cancel", token: b.accessToken });
    expect(response.headers.get("Location")).toContain("notice=confirmRequired");
    expect((await row(b.id)).status).toBe("paid");
    expect((await post(b.number, { intent: "nonsense", token: b.accessToken })).status).toBe(400);
  });

  it("a host cancellation refunds in full through the provider too", async () => {
    const b = await booking({ arriveInDays: 1, freeDays: 7, latePercent: 0 });
    expect(await cancelBooking(db(), { bookingId: b.id, by: "host", cooperativeId: coopA })).toEqual({ ok: true, refundFen: b.totalFen, rule: "host_or_staff" });
    const refunds = await refundsOf(b.id);
    expect(refunds.map((r) => [Number(r.amount_fen), r.status])).toEqual([[b.totalFen, "succeeded"]]);
  });

  it("a provider that is down leaves the refund pending; the retry job submits it once", async () => {
    const b = await booking();
    const spy = vi.spyOn(devProvider, "refund").mockRejectedValueOnce(new Error("provider down"));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await post(b.number, { intent: "cancel", token: b.accessToken, confirm: "yes" });
    expect((await row(b.id)).status).toBe("cancelled");
    const pending = await refundsOf(b.id);
    expect(pending.map((r) => [r.status, r.provider_refund_id])).toEqual([["pending", null]]);
    const view = await (await page(b.number, b.accessToken)).json();
    expect(view.refunds).toEqual([expect.objectContaining({ status: "pending" })]);

    // Only refunds older than a minute are retried, so an in-flight submission is not doubled.
    expect(await retryUnsubmittedBookingRefunds(db(), new Date())).toBe(0);
    expect(await retryUnsubmittedBookingRefunds(db(), new Date(Date.now() + 120_000))).toBeGreaterThanOrEqual(1);
    const settled = await refundsOf(b.id);
    expect(settled.map((r) => r.status)).toEqual(["succeeded"]);
    expect(Number((await row(b.id)).refunded_fen)).toBe(b.totalFen);
    await retryUnsubmittedBookingRefunds(db(), new Date(Date.now() + 240_000));
    expect(await refundsOf(b.id)).toHaveLength(1);
    spy.mockRestore();
    warn.mockRestore();
  });
});

describe("the booking page's buttons", () => {
  it("are rate-limited per client: a script guessing links is stopped with 429", async () => {
    const context = clientContext();
    for (let i = 0; i < BOOKING_ACTION_LIMIT.limit; i++) {
      expect((await post("BK000000000001", { intent: "cancel", token: `guess-${i}`, confirm: "yes" }, context)).status).toBe(404);
    }
    const limited = await post("BK000000000001", { intent: "cancel", token: "guess", confirm: "yes" }, context);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});

describe("finding a booking", () => {
  async function lookup(form: Record<string, string>, context = clientContext()) {
    return settle(lookupAction({ request: await formRequest("/bookings/lookup", { form }), params: {}, context }));
  }

  it("number + mobile → a fresh signed link that opens the page; a wrong mobile and an unknown number get the same answer", async () => {
    const b = await booking();
    const found = await lookup({ number: b.number.toLowerCase(), mobile: `+86 ${b.mobile.slice(0, 3)} ${b.mobile.slice(3)}` });
    expect(found.status).toBe(303);
    const location = found.headers.get("Location")!;
    const token = new URL(location, "http://x").searchParams.get("token")!;
    expect(token).toMatch(/^B1\./);
    expect(token).not.toBe(b.accessToken);
    expect((await page(b.number, token)).status).toBe(200);
    // The signed link also pays and cancels, and a forged one does nothing.
    expect((await page(b.number, token.slice(0, -2) + "xx")).status).toBe(404);

    const wrongMobile = await lookup({ number: b.number, mobile: "13999999999" });
    const unknown = await lookup({ number: `BK000000${String(randomInt(0, 1_000_000)).padStart(6, "0")}`, mobile: b.mobile });
    expect(wrongMobile.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrongMobile.json()).toEqual({ ...(await unknown.json()), values: expect.anything() });

    const bad = await lookup({ number: "nonsense", mobile: "123" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toMatchObject({ number: "number", mobile: "mobile" });
  });

  it("is rate-limited per client", async () => {
    const context = clientContext();
    for (let i = 0; i < BOOKING_LOOKUP_LIMITS.perClient.limit; i++) {
      const r = await lookup({ number: `BK00000${String(randomInt(0, 10_000_000)).padStart(7, "0")}`, mobile: "13800000000" }, context);
      expect(r.status).toBe(404);
    }
    const limited = await lookup({ number: "BK000000000009", mobile: "13800000000" }, context);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});

describe("the reminder two days before arrival", () => {
  it("is queued once for a paid stay two days out, not for cancelled ones, and its link is signed", async () => {
    const soon = await booking({ arriveInDays: 2 });
    const cancelled = await booking({ arriveInDays: 2 });
    const later = await booking({ arriveInDays: 9 });
    await cancelBooking(db(), { bookingId: cancelled.id, by: "guest" });

    await queueBookingReminders(db());
    await queueBookingReminders(db());
    expect(await mailOf(`booking-reminder:${soon.id}`)).toHaveLength(1);
    expect(await mailOf(`booking-reminder:${cancelled.id}`)).toHaveLength(0);
    expect(await mailOf(`booking-reminder:${later.id}`)).toHaveLength(0);
    expect((await row(soon.id)).reminder_queued_at).not.toBeNull();

    const [mail] = await mailOf(`booking-reminder:${soon.id}`);
    const message = await composeOutboxMail(db(), { id: mail!.id, kind: mail!.kind, payload: mail!.payload as Record<string, unknown> });
    expect(message.to).toBe(soon.email);
    expect(message.subject).toContain(inDays(2));
    expect(message.text).toContain(HOST_PHONE);
    expect(message.text).toContain("武隆站打车约 30 分钟");
    expect(message.text).toMatch(/\/bookings\/BK\d{12}\?token=B1\./);

    // Nine days out it comes later, once.
    await queueBookingReminders(db(), { now: new Date(Date.now() + 7 * 24 * 3600_000) });
    expect(await mailOf(`booking-reminder:${later.id}`)).toHaveLength(1);
  });
});

describe("fresh booking links", () => {
  it("open only their booking, only until they expire, and die with the booking's own secret", async () => {
    const { checkBookingLinkToken, issueBookingLinkToken, BOOKING_LINK_VALID_DAYS } = await import("~/utils/booking-link.server");
    const subject = { bookingId: 41, accessTokenHash: "a".repeat(64) };
    const now = new Date("2026-12-03T00:00:00Z");
    const { token, expiresAt } = issueBookingLinkToken(subject, now);
    expect(token).toMatch(/^B1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBe(now.getTime() + BOOKING_LINK_VALID_DAYS * 24 * 3600_000);
    expect(checkBookingLinkToken(token, subject, now)).toBe(true);
    expect(checkBookingLinkToken(token, { ...subject, bookingId: 42 }, now)).toBe(false);
    expect(checkBookingLinkToken(token, { ...subject, accessTokenHash: "b".repeat(64) }, now)).toBe(false);
    expect(checkBookingLinkToken(token, subject, new Date(expiresAt.getTime() + 1000))).toBe(false);
    const [prefix, expires, nonce, signature] = token.split(".");
    expect(checkBookingLinkToken([prefix, Number(expires) + 3600, nonce, signature].join("."), subject, now)).toBe(false);
    expect(checkBookingLinkToken(`${token}x`, subject, now)).toBe(false);
  });
});

describe("an experience booking's page", () => {
  it("shows the slot's start and its calendar file is a timed event", async () => {
    const { createTestExperience } = await import("../support/stays");
    const { holdExperience } = await import("~/services/bookings.server");
    const startsAt = new Date(`${inDays(15)}T09:00:00+08:00`);
    const { slotId } = await createTestExperience(db(), { cooperativeId: coopA, capacity: 10, startsAt });
    const hold = await holdExperience(db(), { ...guest(9001), slotId, people: 3 });
    if (!hold.ok) throw new Error(JSON.stringify(hold));
    const data = await (await page(hold.booking.number, hold.booking.accessToken)).json();
    expect(data.booking).toMatchObject({ kind: "experience", status: "held", guests: 3, slotStartsAt: startsAt.toISOString(), checkIn: null });
    expect(data.cancellation.rule).toBe("unpaid");
    const ics = await (
      await settle(icsLoader({ request: await getRequest(`/bookings/${hold.booking.number}.ics?token=${hold.booking.accessToken}`), params: { number: hold.booking.number }, context: testContext }))
    ).text();
    expect(ics).toContain(`DTSTART:${startsAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
    expect(ics).toContain("STATUS:TENTATIVE");
  });
});
