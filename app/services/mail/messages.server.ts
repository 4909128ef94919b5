import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, Locale } from "~db/schema";
import {
  getOrderForMail,
  getRefundForMail,
  getShipmentForMail,
  listOrderLinesForMail,
  listShipmentLinesForMail,
  moreToFollowAfter,
} from "~/models/order/mail.server";
import { getUserContact } from "~/models/user.server";
import { getBookingById } from "~/models/booking.server";
import { bookingForPayment } from "~/models/booking-payment.server";
import type { MailMessage } from "~/services/mail/transport.server";
import {
  invitationEmail,
  orderConfirmationEmail,
  orderDeliveredEmail,
  orderRefundedEmail,
  orderShippedEmail,
  signupConfirmEmail,
  signupExistingEmail,
  verifyEmailEmail,
  type EmailLine,
  type RenderedEmail,
  type Translate,
  bookingConfirmationEmail,
  bookingReminderEmail,
  bookingCancelledEmail,
} from "~/services/mail/templates.server";
import { bookingPlace } from "~/models/booking-guest.server";
import { calendarFileOf, signedBookingUrl } from "~/services/booking-guest.server";
import { carrierName } from "~/utils/carriers";
import { chinaToday } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { getFixedT } from "~/utils/i18n.server";

/**
 * Turns an outbox row into the e-mail to send. Payloads carry ids, not content: the
 * message is composed from the database when it is sent, in the language the shopper
 * used, so it always shows the current facts (and a retried message is the same message).
 */

/** A message that can never be sent (its order is gone, its payload is malformed): not retried. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

const id = z.coerce.number().int().positive();
const locale = z.enum(["zh", "en"]);
const email = z.email();

const payloads = {
  "email.booking_confirmation": z.object({ bookingId: id, locale: locale.optional(), to: email.optional() }),
  "email.booking_reminder": z.object({ bookingId: id, locale: locale.optional(), to: email.optional() }),
  "email.booking_cancelled": z.object({ bookingId: id, locale: locale.optional(), to: email.optional() }),
  "email.order_confirmation": z.object({ orderId: id, locale: locale.optional(), to: email.optional() }),
  "email.order_shipped": z.object({ orderId: id, shipmentId: id }),
  "email.order_delivered": z.object({ orderId: id, shipmentId: id.optional() }),
  "email.order_refunded": z.object({
    orderId: id,
    refundId: id.optional(),
    amountFen: z.number().int().positive().optional(),
    locale: locale.optional(),
    to: email.optional(),
  }),
  // Queued by the invitation model with everything the message needs: the link carries a
  // one-time token whose hash alone is stored, so the payload is the only place it exists.
  "email.invitation": z.object({
    to: email,
    locale: locale.optional(),
    url: z.url({ protocol: /^https?$/ }),
    cooperative: z.object({ name_zh: z.string().min(1), name_en: z.string().min(1) }),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  "email.verify_email": z.object({ userId: id, to: email, token: z.string().min(16), locale: locale.optional(), validHours: z.number().int().positive() }),
  // The confirmation link of a sign-up: its token exists only here (its hash is stored).
  "email.signup_confirm": z.object({ to: email, name: z.string().max(100), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/), locale, validHours: z.number().int().positive() }),
  // Someone signed up with the address of an existing account: its owner is told, nobody else.
  "email.signup_existing": z.object({ userId: id, to: email, locale: locale.optional() }),
} as const;

type Kind = keyof typeof payloads;

export interface OutboxRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
}

export async function composeOutboxMail(db: Kysely<Database>, row: OutboxRow): Promise<MailMessage> {
  if (!(row.kind in payloads)) throw new PermanentDeliveryError(`unknown outbox kind ${row.kind}`);
  const kind = row.kind as Kind;
  const parsed = payloads[kind].safeParse(row.payload);
  if (!parsed.success) throw new PermanentDeliveryError(`malformed ${kind} payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const composed = await composers[kind](db, parsed.data as never);
  return {
    to: composed.to,
    language: composed.language,
    subject: composed.email.subject,
    text: composed.email.text,
    html: composed.email.html,
    ...(composed.attachments ? { attachments: composed.attachments } : {}),
    messageId: `<outbox-${row.id}.${kind.replace(/^email\./, "")}@${new URL(getEnv().publicUrl).hostname}>`,
    reference: `${String(row.id).padStart(8, "0")}-${kind.replace(/^email\./, "")}`,
  };
}

interface Composed {
  to: string;
  language: Locale;
  email: RenderedEmail;
  attachments?: MailMessage["attachments"];
}

type Composer<K extends Kind> = (db: Kysely<Database>, payload: z.infer<(typeof payloads)[K]>) => Promise<Composed>;

async function translator(language: Locale): Promise<Translate> {
  const t = await getFixedT(language, "orders");
  return (key, options) => String(t(key, options as never));
}

async function bookingsTranslator(language: Locale): Promise<Translate> {
  const t = await getFixedT(language, "bookings");
  return (key, options) => String(t(key, options as never));
}

async function loadBookingForMail(db: Kysely<Database>, payload: { bookingId: number; locale?: Locale; to?: string }) {
  const booking = await getBookingById(db, { bookingId: payload.bookingId });
  const place = booking ? await bookingPlace(db, { bookingId: booking.id }) : undefined;
  if (!booking || !place) throw new PermanentDeliveryError(`booking ${payload.bookingId} does not exist`);
  const to = payload.to ?? booking.email;
  if (!to) throw new PermanentDeliveryError(`booking ${booking.id} has no e-mail address`);
  return { booking, place, to, language: payload.locale ?? booking.locale };
}

export function orderUrl(order: { number: string; access_token: string; locale: Locale }): string {
  const params = new URLSearchParams({ token: order.access_token, lang: order.locale });
  return `${getEnv().publicUrl}/orders/${encodeURIComponent(order.number)}?${params}`;
}

/** Where an order's message goes: the address it was queued for, else the order's; an order without one is never mailed. */
function recipient(order: { id: number; email: string | null }, queuedTo?: string): string {
  const to = queuedTo ?? order.email;
  if (!to) throw new PermanentDeliveryError(`order ${order.id} has no e-mail address`);
  return to;
}

/**
 * The page where a shopper who lost the link finds the order again with the number and mobile;
 * it arrives with the order number filled in, so only the mobile is left to type.
 */
export function orderLookupUrl(language: Locale, number: string): string {
  return `${getEnv().publicUrl}/orders/lookup?${new URLSearchParams({ lang: language, number })}`;
}

async function loadOrder(db: Kysely<Database>, orderId: number) {
  const order = await getOrderForMail(db, { orderId });
  if (!order) throw new PermanentDeliveryError(`order ${orderId} does not exist`);
  return order;
}

function lineFor(language: Locale, item: { product_name_zh: string; product_name_en: string; variant_label_zh: string; variant_label_en: string; unit_price_fen: number }, quantity: number): EmailLine {
  return {
    name: language === "zh" ? item.product_name_zh : item.product_name_en,
    variant: language === "zh" ? item.variant_label_zh : item.variant_label_en,
    quantity,
    lineTotalFen: item.unit_price_fen * quantity,
  };
}

async function loadShipment(db: Kysely<Database>, { orderId, shipmentId }: { orderId: number; shipmentId: number }) {
  const shipment = await getShipmentForMail(db, { orderId, shipmentId });
  if (!shipment) throw new PermanentDeliveryError(`shipment ${shipmentId} of order ${orderId} does not exist`);
  return shipment;
}

const composers: { [K in Kind]: Composer<K> } = {
  async "email.booking_confirmation"(db, payload) {
    const booking = await getBookingById(db, { bookingId: payload.bookingId });
    const listing = await bookingForPayment(db, { bookingId: payload.bookingId });
    if (!booking || !listing) throw new PermanentDeliveryError(`booking ${payload.bookingId} does not exist`);
    const to = payload.to ?? booking.email;
    if (!to) throw new PermanentDeliveryError(`booking ${booking.id} has no e-mail address`);
    const language = payload.locale ?? booking.locale;
    const title = language === "en" && listing.nameEn ? listing.nameEn : listing.nameZh;
    const t = await translator(language);
    const bt = await getFixedT(language, "bookingPay");
    const b: Translate = (key, options) => String(bt(key, options as never));
    const calendar = await calendarFileOf(db, booking, language);
    return {
      to,
      language,
      email: bookingConfirmationEmail(t, b, {
        language,
        number: booking.number,
        contactName: booking.contactName,
        title,
        checkIn: booking.checkIn,
        checkOut: booking.checkOut,
        guests: booking.guests,
        paidFen: Number(booking.capturedFen),
        bookingUrl: signedBookingUrl(booking, { absolute: true }).url,
        viewLabel: (await bookingsTranslator(language))("email.viewBooking"),
      }),
      attachments: calendar ? [{ filename: calendar.filename, content: calendar.ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }] : [],
    };
  },
  async "email.booking_reminder"(db, payload) {
    const { booking, place, to, language } = await loadBookingForMail(db, payload);
    if (booking.status !== "paid" || !booking.checkIn || !booking.checkOut) throw new PermanentDeliveryError(`booking ${booking.id} is no longer expected`);
    const pick = (zh: string | null, en: string | null) => (language === "en" && en ? en : (zh ?? ""));
    return {
      to,
      language,
      email: bookingReminderEmail(await translator(language), await bookingsTranslator(language), {
        language,
        number: booking.number,
        contactName: booking.contactName,
        title: pick(place.nameZh, place.nameEn),
        checkIn: booking.checkIn,
        checkOut: booking.checkOut,
        checkInFrom: place.checkInFrom,
        address: [pick(place.countyZh, place.countyEn), pick(place.villageZh, place.villageEn), pick(place.addressZh, place.addressEn)].filter(Boolean).join(" "),
        directions: pick(place.directionsZh, place.directionsEn),
        hostPhone: place.hostPhone,
        bookingUrl: signedBookingUrl(booking, { absolute: true }).url,
      }),
    };
  },
  async "email.booking_cancelled"(db, payload) {
    const { booking, place, to, language } = await loadBookingForMail(db, payload);
    if (booking.status !== "cancelled") throw new PermanentDeliveryError(`booking ${booking.id} is not cancelled`);
    const b = await bookingsTranslator(language);
    return {
      to,
      language,
      email: bookingCancelledEmail(await translator(language), b, {
        language,
        number: booking.number,
        contactName: booking.contactName,
        title: language === "en" && place.nameEn ? place.nameEn : place.nameZh,
        dates: booking.checkIn && booking.checkOut ? b("email.dates", { checkIn: booking.checkIn, checkOut: booking.checkOut }) : "",
        by: booking.cancelledBy ?? "guest",
        refundFen: Number(booking.refundDueFen),
        bookingUrl: signedBookingUrl(booking, { absolute: true }).url,
      }),
    };
  },
  async "email.order_confirmation"(db, payload) {
    const order = await loadOrder(db, payload.orderId);
    const language = payload.locale ?? order.locale;
    const items = await listOrderLinesForMail(db, { orderId: order.id });
    const t = await translator(language);
    return {
      to: recipient(order, payload.to),
      language,
      email: orderConfirmationEmail(t, {
        language,
        number: order.number,
        contactName: order.contact_name,
        orderUrl: orderUrl({ ...order, locale: language }),
        lookupUrl: orderLookupUrl(language, order.number),
        lines: items.map((item) => lineFor(language, item, item.quantity)),
        subtotalFen: order.subtotal_fen,
        shippingFen: order.shipping_fen,
        totalFen: order.total_fen,
        addressLines: [
          `${order.contact_name} ${order.phone}`,
          `${order.ship_province} ${order.ship_city} ${order.ship_district}`,
          `${order.ship_street}${order.ship_postcode ? ` ${order.ship_postcode}` : ""}`,
        ],
      }),
    };
  },

  async "email.order_shipped"(db, payload) {
    const order = await loadOrder(db, payload.orderId);
    const shipment = await loadShipment(db, { orderId: order.id, shipmentId: payload.shipmentId });
    const items = await listShipmentLinesForMail(db, { shipmentId: shipment.id });
    const moreToFollow = await moreToFollowAfter(db, { orderId: order.id, shipmentId: shipment.id });
    const language = order.locale;
    const t = await translator(language);
    return {
      to: recipient(order),
      language,
      email: orderShippedEmail(t, {
        language,
        number: order.number,
        contactName: order.contact_name,
        orderUrl: orderUrl(order),
        lookupUrl: orderLookupUrl(language, order.number),
        carrier: carrierName(shipment.carrier, language),
        trackingNumber: shipment.tracking_number,
        lines: items.map((item) => lineFor(language, item, item.quantity)),
        moreToFollow,
      }),
    };
  },

  async "email.order_delivered"(db, payload) {
    const order = await loadOrder(db, payload.orderId);
    const shipment = payload.shipmentId ? await loadShipment(db, { orderId: order.id, shipmentId: payload.shipmentId }) : null;
    const language = order.locale;
    const t = await translator(language);
    return {
      to: recipient(order),
      language,
      email: orderDeliveredEmail(t, {
        language,
        number: order.number,
        contactName: order.contact_name,
        orderUrl: orderUrl(order),
        lookupUrl: orderLookupUrl(language, order.number),
        shipment: shipment ? { carrier: carrierName(shipment.carrier, language), trackingNumber: shipment.tracking_number } : null,
      }),
    };
  },

  async "email.order_refunded"(db, payload) {
    const order = await loadOrder(db, payload.orderId);
    let amountFen = payload.amountFen;
    if (payload.refundId) {
      const refund = await getRefundForMail(db, { orderId: order.id, refundId: payload.refundId });
      if (!refund) throw new PermanentDeliveryError(`refund ${payload.refundId} of order ${order.id} does not exist`);
      amountFen = refund.amount_fen;
    }
    amountFen ??= order.refunded_fen;
    if (!amountFen) throw new PermanentDeliveryError(`order ${order.id} has no refund to report`);
    const language = payload.locale ?? order.locale;
    const t = await translator(language);
    return {
      to: recipient(order, payload.to),
      language,
      email: orderRefundedEmail(t, {
        language,
        number: order.number,
        contactName: order.contact_name,
        orderUrl: orderUrl({ ...order, locale: language }),
        lookupUrl: orderLookupUrl(language, order.number),
        amountFen,
        refundedTotalFen: Math.max(order.refunded_fen, amountFen),
      }),
    };
  },

  async "email.invitation"(_db, payload) {
    const language = payload.locale ?? "zh";
    const t = await translator(language);
    return {
      to: payload.to,
      language,
      email: invitationEmail(t, {
        language,
        cooperative: language === "zh" ? payload.cooperative.name_zh : payload.cooperative.name_en,
        inviter: null,
        acceptUrl: payload.url,
        expiresOn: chinaToday(new Date(payload.expiresAt)),
      }),
    };
  },

  async "email.signup_confirm"(_db, payload) {
    const t = await translator(payload.locale);
    const params = new URLSearchParams({ token: payload.token, lang: payload.locale });
    return {
      to: payload.to,
      language: payload.locale,
      email: signupConfirmEmail(t, {
        language: payload.locale,
        name: payload.name,
        email: payload.to,
        confirmUrl: `${getEnv().publicUrl}/signup?${params}`,
        validHours: payload.validHours,
      }),
    };
  },

  async "email.signup_existing"(db, payload) {
    const user = await getUserContact(db, { userId: payload.userId });
    if (!user) throw new PermanentDeliveryError(`user ${payload.userId} does not exist`);
    if (user.email !== payload.to) throw new PermanentDeliveryError(`user ${payload.userId} no longer uses that address`);
    // The owner's own language, not the language of whoever typed their address.
    const language = user.locale;
    const t = await translator(language);
    return {
      to: payload.to,
      language,
      email: signupExistingEmail(t, { language, name: user.name, email: payload.to, loginUrl: `${getEnv().publicUrl}/login?lang=${language}` }),
    };
  },

  async "email.verify_email"(db, payload) {
    const user = await getUserContact(db, { userId: payload.userId });
    if (!user) throw new PermanentDeliveryError(`user ${payload.userId} does not exist`);
    // The address may have changed since the request: the link would not work any more.
    if (user.email !== payload.to) throw new PermanentDeliveryError(`user ${payload.userId} no longer uses that address`);
    const language = payload.locale ?? user.locale;
    const t = await translator(language);
    const params = new URLSearchParams({ token: payload.token, lang: language });
    return {
      to: payload.to,
      language,
      email: verifyEmailEmail(t, {
        language,
        name: user.name,
        email: payload.to,
        verifyUrl: `${getEnv().publicUrl}/account/claim?${params}`,
        validHours: payload.validHours,
      }),
    };
  },
};
