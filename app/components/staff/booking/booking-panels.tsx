import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { BookingCanceller, BookingStatus, StayKind } from "~db/schema";
import { DataTable } from "~/components/data-table";
import { SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/components/staff/format";
import { ReasonAndConfirm } from "~/components/staff/order/shared";
import { localized, type Locale } from "~/i18n";
import type { FieldErrors } from "~/types/forms";
import { daysBetween } from "~/utils/calendar-dates";
import { formatFen } from "~/utils/money";

// The staff booking page's panels: what was booked, the money (attempts, refunds, ledger),
// the cancellation form and the history. Dates come as the loader serialised them.

export interface StaffBookingView {
  number: string;
  kind: StayKind;
  status: BookingStatus;
  cancelled_by: BookingCanceller | null;
  listing_name_zh: string;
  listing_name_en: string;
  unit_name_zh: string | null;
  unit_name_en: string | null;
  cooperative_name_zh: string;
  cooperative_name_en: string;
  check_in: string | null;
  check_out: string | null;
  slot_starts_at: string | null;
  guests: number;
  contact_name: string;
  contact_mobile: string;
  email: string | null;
  special_requests: string | null;
  cancel_free_days: number;
  cancel_late_refund_percent: number;
  created_at: string;
  hold_expires_at: string | null;
  total_fen: number;
  captured_fen: number;
  refund_due_fen: number;
  refunded_fen: number;
}

function useLocale() {
  const { t, i18n } = useTranslation("staffBookings");
  return { t, locale: (i18n.language === "en" ? "en" : "zh") as Locale };
}

/** What was booked, by whom, for when, on which terms. */
export function BookingSummaryPanel({ booking }: { booking: StaffBookingView }) {
  const { t, locale } = useLocale();
  const listing = localized({ name_zh: booking.listing_name_zh, name_en: booking.listing_name_en }, "name", locale);
  const cooperative = localized({ name_zh: booking.cooperative_name_zh, name_en: booking.cooperative_name_en }, "name", locale);
  return (
    <section className="card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("detail.summary")}</h2>
      <dl className="staff-dl">
        <dt>{t("detail.kind")}</dt>
        <dd>{t(`kinds.${booking.kind}`)}</dd>
        <dt>{t("detail.listing")}</dt>
        <dd>{listing}</dd>
        {booking.unit_name_zh ? (
          <>
            <dt>{t("detail.unit")}</dt>
            <dd>{localized({ name_zh: booking.unit_name_zh, name_en: booking.unit_name_en ?? "" }, "name", locale)}</dd>
          </>
        ) : null}
        <dt>{t("detail.cooperative")}</dt>
        <dd>{cooperative}</dd>
        {booking.check_in && booking.check_out ? (
          <>
            <dt>{t("detail.dates")}</dt>
            <dd>
              {booking.check_in} → {booking.check_out} ({t("nights", { count: daysBetween(booking.check_in, booking.check_out) })})
            </dd>
          </>
        ) : (
          <>
            <dt>{t("detail.slot")}</dt>
            <dd>{formatDateTime(booking.slot_starts_at, locale)}</dd>
          </>
        )}
        <dt>{t("detail.guests")}</dt>
        <dd>{booking.guests}</dd>
        <dt>{t("detail.contact")}</dt>
        <dd>{booking.contact_name} · {booking.contact_mobile}</dd>
        {booking.email ? (
          <>
            <dt>{t("detail.email")}</dt>
            <dd>{booking.email}</dd>
          </>
        ) : null}
        {booking.special_requests ? (
          <>
            <dt>{t("detail.requests")}</dt>
            <dd>{booking.special_requests}</dd>
          </>
        ) : null}
        <dt>{t("detail.policy")}</dt>
        <dd>{t("detail.policyText", { days: booking.cancel_free_days, percent: booking.cancel_late_refund_percent })}</dd>
        <dt>{t("detail.created")}</dt>
        <dd>{formatDateTime(booking.created_at, locale)}</dd>
        {booking.status === "held" ? (
          <>
            <dt>{t("detail.holdExpires")}</dt>
            <dd>{formatDateTime(booking.hold_expires_at, locale)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

const COMPACT = "table staff-table staff-table--compact";

/** The money: the booking's totals, its payment attempts, refunds and ledger postings. */
export function BookingMoneyPanel({
  booking,
  payments,
  refunds,
  postings,
}: {
  booking: StaffBookingView;
  payments: readonly { id: number; attempt: number; provider: string; status: string; flagged_reason: string | null; amount_fen: number; captured_fen: number; refunded_fen: number }[];
  refunds: readonly { id: number; created_at: string; reason: string; status: string; amount_fen: number }[];
  postings: readonly { id: number; kind: string; postedAt: string; payableFen: number; commissionFen: number }[];
}) {
  const { t, locale } = useLocale();
  return (
    <section className="card" aria-labelledby="money-title">
      <h2 id="money-title">{t("detail.money")}</h2>
      <dl className="staff-dl" data-testid="booking-money">
        <dt>{t("detail.total")}</dt>
        <dd>{formatFen(booking.total_fen)}</dd>
        <dt>{t("detail.captured")}</dt>
        <dd>{formatFen(booking.captured_fen)}</dd>
        <dt>{t("detail.refundDue")}</dt>
        <dd>{formatFen(booking.refund_due_fen)}</dd>
        <dt>{t("detail.refunded")}</dt>
        <dd>{formatFen(booking.refunded_fen)}</dd>
      </dl>

      <h3>{t("detail.payments")}</h3>
      <DataTable rows={payments} rowKey={(payment) => payment.id} empty={<p className="muted">{t("detail.noPayments")}</p>} testId="booking-payments" className={COMPACT} columns={[
        {
          header: t("detail.attempt"),
          cell: (payment) => (
            <>
              {payment.attempt}
              {payment.flagged_reason ? <> <span className="badge badge--danger" title={payment.flagged_reason}>{t("detail.flagged")}</span></> : null}
            </>
          ),
        },
        { header: t("detail.provider"), cell: (payment) => payment.provider },
        { header: t("detail.paymentStatus"), cell: (payment) => t(`detail.paymentStatuses.${payment.status}`) },
        { header: t("detail.amount"), num: true, cell: (payment) => formatFen(payment.amount_fen) },
        { header: t("detail.captured"), num: true, cell: (payment) => formatFen(payment.captured_fen) },
        { header: t("detail.refunded"), num: true, cell: (payment) => formatFen(payment.refunded_fen) },
      ]} />

      <h3>{t("detail.refunds")}</h3>
      <DataTable rows={refunds} rowKey={(refund) => refund.id} empty={<p className="muted">{t("detail.noRefunds")}</p>} testId="booking-refunds" className={COMPACT} columns={[
        { header: t("detail.postedAt"), cell: (refund) => formatDateTime(refund.created_at, locale) },
        { header: t("detail.reason"), cell: (refund) => refund.reason },
        { header: t("detail.paymentStatus"), cell: (refund) => t(`detail.refundStatuses.${refund.status}`) },
        { header: t("detail.amount"), num: true, cell: (refund) => formatFen(refund.amount_fen) },
      ]} />

      <h3>{t("detail.ledger")}</h3>
      <DataTable rows={postings} rowKey={(posting) => posting.id} empty={<p className="muted">{t("detail.noLedger")}</p>} testId="booking-ledger" className={COMPACT} columns={[
        { header: t("detail.postedAt"), cell: (posting) => formatDateTime(posting.postedAt, locale) },
        { header: t("detail.kind"), cell: (posting) => t(`detail.ledgerKinds.${posting.kind}`) },
        { header: t("detail.payable"), num: true, cell: (posting) => formatFen(posting.payableFen) },
        { header: t("detail.commission"), num: true, cell: (posting) => formatFen(posting.commissionFen) },
      ]} />
    </section>
  );
}

/** Cancelling the booking from the back office: a reason, a confirmation, and what goes back. */
export function BookingCancelPanel({
  booking,
  refundable,
  errors,
  defaultReason,
}: {
  booking: StaffBookingView;
  refundable: number;
  errors: FieldErrors;
  defaultReason?: string;
}) {
  const { t } = useLocale();
  return (
    <section className="card staff-danger" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t("cancel.title")}</h2>
      <p>{booking.status === "paid" ? t("cancel.explainPaid", { amount: formatFen(refundable) }) : t("cancel.explainHeld")}</p>
      <Form method="post" className="staff-form">
        <input type="hidden" name="intent" value="cancel" />
        <ReasonAndConfirm idPrefix="cancel" reasonLabel={t("cancel.reason")} confirmLabel={t("cancel.confirm")} errors={errors} defaultReason={defaultReason} />
        <SubmitButton className="button--danger">{t("cancel.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

/** What happened to the booking, oldest first. */
export function BookingHistory({ history }: { history: readonly { at: string; kind: string; detail: Record<string, string | number | null> }[] }) {
  const { t, locale } = useLocale();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("detail.history")}</h2>
      <ol className="staff-timeline" data-testid="booking-history">
        {history.map((event, index) => (
          <li key={`${event.kind}-${index}`}>
            <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(event.at, locale)}</time>{" "}
            {t(`detail.events.${event.kind}`, {
              ...event.detail,
              amount: typeof event.detail.amount === "number" ? formatFen(event.detail.amount) : undefined,
              status:
                event.kind === "payment_started"
                  ? t(`detail.paymentStatuses.${event.detail.status}`)
                  : event.kind === "refund"
                    ? t(`detail.refundStatuses.${event.detail.status}`)
                    : undefined,
              by: event.kind === "cancelled" && typeof event.detail.by === "string" ? t(`cancelledBy.${event.detail.by}`) : (event.detail.by ?? ""),
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}
