import { formatFen } from "~/utils/money";
import { html, safeHref, type SafeHtml } from "~/services/mail/html";

/**
 * The e-mails the shop sends. Each is described once as a list of blocks and rendered
 * twice: plain text and a simple HTML version (inline styles only, as mail clients want).
 * Strings come from the `orders` namespace in the recipient's language; every value that
 * reaches the HTML goes through the escaping `html` builder.
 */

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailLine {
  name: string;
  variant: string;
  quantity: number;
  lineTotalFen: number;
}

type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "muted"; text: string }
  | { kind: "heading"; text: string }
  | { kind: "button"; label: string; url: string }
  | { kind: "lines"; lines: EmailLine[]; totals?: EmailTotal[] }
  | { kind: "link"; text: string; label: string; url: string }
  | { kind: "address"; label: string; lines: string[] };

/** A total under the lines; `text` replaces the amount (包邮 / "Free shipping" instead of ¥0.00). */
interface EmailTotal {
  label: string;
  fen: number;
  strong?: boolean;
  text?: string;
}

const K = "tracking.email";
/** Strings added later, kept in their own group of the "orders" namespace. */
const L = "lookup.email";

function greeting(t: Translate, name: string | null | undefined): Block {
  return { kind: "paragraph", text: name?.trim() ? t(`${K}.greeting`, { name: name.trim() }) : t(`${K}.greetingAnonymous`) };
}

function renderText(blocks: Block[], t: Translate): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case "paragraph":
      case "muted":
        out.push(block.text);
        break;
      case "heading":
        out.push(block.text, "-".repeat(Math.min(40, block.text.length * 2)));
        break;
      case "button":
        out.push(`${block.label}:\n${block.url}`);
        break;
      case "lines":
        out.push(
          [
            ...block.lines.map((line) => `- ${line.name} (${line.variant}) × ${line.quantity}  ${formatFen(line.lineTotalFen)}`),
            ...(block.totals ?? []).map((total) => `${total.label}: ${total.text ?? formatFen(total.fen)}`),
          ].join("\n"),
        );
        break;
      case "address":
        out.push(`${block.label}:\n${block.lines.join("\n")}`);
        break;
      case "link":
        out.push(`${block.text}\n${block.label}: ${block.url}`);
        break;
    }
  }
  out.push("--", t(`${K}.footer`), t(`${K}.automated`));
  return `${out.join("\n\n")}\n`;
}

const FONT = "font-family:-apple-system,'PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif";

function renderBlock(block: Block): SafeHtml {
  switch (block.kind) {
    case "paragraph":
      return html`<p style="margin:0 0 16px;line-height:1.6">${block.text}</p>`;
    case "muted":
      return html`<p style="margin:0 0 16px;line-height:1.5;color:#5b6b61;font-size:13px">${block.text}</p>`;
    case "heading":
      return html`<h2 style="margin:24px 0 8px;font-size:16px">${block.text}</h2>`;
    case "button":
      return html`<p style="margin:24px 0"><a href="${safeHref(block.url)}" style="display:inline-block;background:#1f5f3f;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${block.label}</a></p>`;
    case "lines":
      return html`<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;margin:0 0 16px">
${block.lines.map(
  (line) => html`<tr><td style="padding:8px 0;border-bottom:1px solid #e3e8e4">${line.name}<br><span style="color:#5b6b61;font-size:13px">${line.variant}</span></td><td style="padding:8px;border-bottom:1px solid #e3e8e4;text-align:center;white-space:nowrap">× ${line.quantity}</td><td style="padding:8px 0;border-bottom:1px solid #e3e8e4;text-align:right;white-space:nowrap">${formatFen(line.lineTotalFen)}</td></tr>
`,
)}${(block.totals ?? []).map(
        (total) => html`<tr><td colspan="2" style="padding:6px 0;text-align:right${total.strong ? ";font-weight:700" : ""}">${total.label}</td><td style="padding:6px 0;text-align:right;white-space:nowrap${total.strong ? ";font-weight:700" : ""}">${total.text ?? formatFen(total.fen)}</td></tr>
`,
      )}</table>`;
    case "link":
      return html`<p style="margin:0 0 16px;line-height:1.5;color:#5b6b61;font-size:13px">${block.text} <a href="${safeHref(block.url)}" style="color:#1f5f3f">${block.label}</a></p>`;
    case "address":
      return html`<p style="margin:0 0 16px;line-height:1.5"><strong>${block.label}</strong><br>${block.lines.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`;
  }
}

function renderHtml(subject: string, blocks: Block[], t: Translate, language: "zh" | "en"): string {
  return html`<!doctype html>
<html lang="${language === "zh" ? "zh-CN" : "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f6f2;color:#1c2a22;${FONT}">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 24px;font-size:18px;font-weight:700;color:#1f5f3f">${t(`${K}.brand`)}</p>
<div style="background:#ffffff;border-radius:8px;padding:24px">
${blocks.map(renderBlock)}
</div>
<p style="margin:16px 0 0;color:#5b6b61;font-size:12px;line-height:1.5">${t(`${K}.footer`)}<br>${t(`${K}.automated`)}</p>
</div>
</body>
</html>
`.value;
}

function render(subject: string, blocks: Block[], t: Translate, language: "zh" | "en"): RenderedEmail {
  return { subject, text: renderText(blocks, t), html: renderHtml(subject, blocks, t, language) };
}

export interface OrderEmailBase {
  language: "zh" | "en";
  number: string;
  contactName: string;
  /** The order page with its access token. */
  orderUrl: string;
  /** /orders/lookup: where the order is found again by number and mobile if this message is lost. */
  lookupUrl?: string;
}

/** The link's warning and, for a shopper who loses this message, where to find the order again. */
function linkNotes(t: Translate, order: OrderEmailBase): Block[] {
  return [
    { kind: "muted", text: t(`${K}.linkNote`) },
    ...(order.lookupUrl ? [{ kind: "link" as const, text: t(`${L}.lookupNote`, { number: order.number }), label: t(`${L}.lookupLink`), url: order.lookupUrl }] : []),
  ];
}

export function orderConfirmationEmail(
  t: Translate,
  order: OrderEmailBase & { lines: EmailLine[]; subtotalFen: number; shippingFen: number; totalFen: number; addressLines: string[] },
): RenderedEmail {
  const subject = t(`${K}.confirmation.subject`, { number: order.number });
  return render(
    subject,
    [
      greeting(t, order.contactName),
      { kind: "paragraph", text: t(`${K}.confirmation.intro`) },
      { kind: "heading", text: t(`${K}.orderNumber`, { number: order.number }) },
      {
        kind: "lines",
        lines: order.lines,
        totals: [
          { label: t(`${K}.subtotal`), fen: order.subtotalFen },
          { label: t(`${K}.shipping`), fen: order.shippingFen, ...(order.shippingFen === 0 ? { text: t(`${L}.freeShipping`) } : {}) },
          { label: t(`${K}.total`), fen: order.totalFen, strong: true },
        ],
      },
      { kind: "address", label: t(`${K}.shipTo`), lines: order.addressLines },
      { kind: "button", label: t(`${K}.viewOrder`), url: order.orderUrl },
      ...linkNotes(t, order),
    ],
    t,
    order.language,
  );
}

export function orderShippedEmail(
  t: Translate,
  order: OrderEmailBase & { carrier: string; trackingNumber: string; lines: EmailLine[]; moreToFollow: boolean },
): RenderedEmail {
  const subject = t(`${K}.shipped.subject`, { number: order.number });
  return render(
    subject,
    [
      greeting(t, order.contactName),
      { kind: "paragraph", text: t(`${K}.shipped.intro`, { carrier: order.carrier, trackingNumber: order.trackingNumber }) },
      { kind: "heading", text: t(`${K}.shipped.contents`) },
      { kind: "lines", lines: order.lines },
      ...(order.moreToFollow ? [{ kind: "paragraph" as const, text: t(`${K}.shipped.partial`) }] : []),
      { kind: "button", label: t(`${K}.trackParcel`), url: order.orderUrl },
      ...linkNotes(t, order),
    ],
    t,
    order.language,
  );
}

export function orderDeliveredEmail(
  t: Translate,
  order: OrderEmailBase & { shipment: { carrier: string; trackingNumber: string } | null },
): RenderedEmail {
  const subject = t(`${K}.delivered.subject`, { number: order.number });
  return render(
    subject,
    [
      greeting(t, order.contactName),
      {
        kind: "paragraph",
        text: order.shipment ? t(`${K}.delivered.intro`, { ...order.shipment }) : t(`${K}.delivered.introNoShipment`),
      },
      { kind: "paragraph", text: t(`${K}.delivered.feedback`) },
      { kind: "button", label: t(`${K}.viewOrder`), url: order.orderUrl },
      ...linkNotes(t, order),
    ],
    t,
    order.language,
  );
}

export function orderRefundedEmail(
  t: Translate,
  order: OrderEmailBase & { amountFen: number; refundedTotalFen: number },
): RenderedEmail {
  const amount = formatFen(order.amountFen);
  const subject = t(`${K}.refunded.subject`, { number: order.number, amount });
  return render(
    subject,
    [
      greeting(t, order.contactName),
      { kind: "paragraph", text: t(`${K}.refunded.intro`, { amount }) },
      { kind: "paragraph", text: t(`${K}.refunded.timing`) },
      ...(order.refundedTotalFen > order.amountFen
        ? [{ kind: "muted" as const, text: t(`${K}.refunded.totalRefunded`, { amount: formatFen(order.refundedTotalFen) }) }]
        : []),
      { kind: "button", label: t(`${K}.viewOrder`), url: order.orderUrl },
      ...linkNotes(t, order),
    ],
    t,
    order.language,
  );
}

export function invitationEmail(
  t: Translate,
  invitation: { language: "zh" | "en"; cooperative: string; inviter: string | null; acceptUrl: string; expiresOn: string },
): RenderedEmail {
  const subject = t(`${K}.invitation.subject`, { cooperative: invitation.cooperative });
  return render(
    subject,
    [
      greeting(t, null),
      {
        kind: "paragraph",
        text: invitation.inviter
          ? t(`${K}.invitation.intro`, { inviter: invitation.inviter, cooperative: invitation.cooperative })
          : t(`${K}.invitation.introNoInviter`, { cooperative: invitation.cooperative }),
      },
      { kind: "button", label: t(`${K}.invitation.accept`), url: invitation.acceptUrl },
      { kind: "muted", text: t(`${K}.invitation.expires`, { date: invitation.expiresOn }) },
      { kind: "muted", text: t(`${K}.invitation.ignore`) },
    ],
    t,
    invitation.language,
  );
}

export function verifyEmailEmail(
  t: Translate,
  message: { language: "zh" | "en"; name: string | null; email: string; verifyUrl: string; validHours: number },
): RenderedEmail {
  const subject = t(`${K}.verifyEmail.subject`);
  return render(
    subject,
    [
      greeting(t, message.name),
      { kind: "paragraph", text: t(`${K}.verifyEmail.intro`, { email: message.email }) },
      { kind: "button", label: t(`${K}.verifyEmail.confirm`), url: message.verifyUrl },
      { kind: "muted", text: t(`${K}.verifyEmail.expires`, { hours: message.validHours }) },
      { kind: "muted", text: t(`${K}.verifyEmail.ignore`) },
    ],
    t,
    message.language,
  );
}

export function signupConfirmEmail(
  t: Translate,
  message: { language: "zh" | "en"; name: string | null; email: string; confirmUrl: string; validHours: number },
): RenderedEmail {
  const subject = t(`${K}.signupConfirm.subject`);
  return render(
    subject,
    [
      greeting(t, message.name),
      { kind: "paragraph", text: t(`${K}.signupConfirm.intro`, { email: message.email }) },
      { kind: "button", label: t(`${K}.signupConfirm.confirm`), url: message.confirmUrl },
      { kind: "muted", text: t(`${K}.signupConfirm.expires`, { hours: message.validHours }) },
      { kind: "muted", text: t(`${K}.signupConfirm.ignore`) },
    ],
    t,
    message.language,
  );
}

export function signupExistingEmail(
  t: Translate,
  message: { language: "zh" | "en"; name: string | null; email: string; loginUrl: string },
): RenderedEmail {
  const subject = t(`${K}.signupExisting.subject`);
  return render(
    subject,
    [
      greeting(t, message.name),
      { kind: "paragraph", text: t(`${K}.signupExisting.intro`, { email: message.email }) },
      { kind: "paragraph", text: t(`${K}.signupExisting.ifYou`) },
      { kind: "button", label: t(`${K}.signupExisting.login`), url: message.loginUrl },
      { kind: "muted", text: t(`${K}.signupExisting.ifNotYou`) },
    ],
    t,
    message.language,
  );
}

/** A paid booking: its facts, the way back to it, and (attached by the caller) its .ics. */
export function bookingConfirmationEmail(
  t: Translate,
  b: Translate,
  booking: { language: "zh" | "en"; number: string; contactName: string; title: string; checkIn: string | null; checkOut: string | null; guests: number; paidFen: number; bookingUrl?: string; viewLabel?: string },
): RenderedEmail {
  const subject = b("email.subject", { number: booking.number });
  const blocks: Block[] = [
    greeting(t, booking.contactName),
    { kind: "paragraph", text: b("email.intro") },
    { kind: "heading", text: b("email.number", { number: booking.number }) },
    {
      kind: "lines",
      lines: [{ name: booking.title, variant: booking.checkIn && booking.checkOut ? b("email.dates", { checkIn: booking.checkIn, checkOut: booking.checkOut }) : "", quantity: 1, lineTotalFen: booking.paidFen }],
      totals: [{ label: b("email.total"), fen: booking.paidFen, strong: true }],
    },
    { kind: "paragraph", text: b("email.guests", { count: booking.guests }) },
    { kind: "muted", text: b("email.calendarNote") },
    ...(booking.bookingUrl ? [{ kind: "button", label: booking.viewLabel ?? booking.bookingUrl, url: booking.bookingUrl } as Block] : []),
    { kind: "muted", text: b("email.lookupNote") },
  ];
  return render(subject, blocks, t, booking.language);
}

/** Two days before arrival: where to go, when, whom to call, and the way back to the booking. */
export function bookingReminderEmail(
  t: Translate,
  b: Translate,
  booking: { language: "zh" | "en"; number: string; contactName: string; title: string; checkIn: string; checkOut: string; checkInFrom: string | null; address: string; directions: string; hostPhone: string | null; bookingUrl: string },
): RenderedEmail {
  const blocks: Block[] = [
    greeting(t, booking.contactName),
    { kind: "paragraph", text: b("email.reminder.intro", { title: booking.title, date: booking.checkIn }) },
    { kind: "heading", text: b("email.reminder.heading", { number: booking.number }) },
    { kind: "paragraph", text: b("email.reminder.dates", { checkIn: booking.checkIn, checkOut: booking.checkOut }) },
  ];
  if (booking.checkInFrom) blocks.push({ kind: "paragraph", text: b("email.reminder.checkInFrom", { time: booking.checkInFrom }) });
  if (booking.address) blocks.push({ kind: "address", label: b("email.reminder.address"), lines: [booking.address] });
  if (booking.directions) blocks.push({ kind: "paragraph", text: booking.directions });
  if (booking.hostPhone) blocks.push({ kind: "paragraph", text: b("email.reminder.host", { phone: booking.hostPhone }) });
  blocks.push({ kind: "button", label: b("email.viewBooking"), url: booking.bookingUrl });
  return render(b("email.reminder.subject", { title: booking.title, date: booking.checkIn }), blocks, t, booking.language);
}

/** A cancelled booking: who cancelled, what goes back (and that it goes back on its own). */
export function bookingCancelledEmail(
  t: Translate,
  b: Translate,
  booking: { language: "zh" | "en"; number: string; contactName: string; title: string; dates: string; by: string; refundFen: number; bookingUrl: string },
): RenderedEmail {
  const blocks: Block[] = [
    greeting(t, booking.contactName),
    { kind: "paragraph", text: b(`email.cancelled.intro.${booking.by === "guest" ? "guest" : "host"}`, { title: booking.title }) },
    { kind: "heading", text: b("email.cancelled.heading", { number: booking.number }) },
  ];
  if (booking.dates) blocks.push({ kind: "paragraph", text: booking.dates });
  blocks.push({
    kind: "paragraph",
    text: booking.refundFen > 0 ? b("email.cancelled.refund", { amount: formatFen(booking.refundFen) }) : b("email.cancelled.noRefund"),
  });
  blocks.push({ kind: "button", label: b("email.viewBooking"), url: booking.bookingUrl });
  return render(b("email.cancelled.subject", { number: booking.number }), blocks, t, booking.language);
}
