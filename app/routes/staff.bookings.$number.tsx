import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RedirectNotice, SubmitButton } from "~/components/forms";
import { BookingStatusBadge } from "~/components/staff/booking-status-badge";
import { formatDateTime } from "~/components/staff/format";
import { ReasonAndConfirm } from "~/components/staff/order/shared";
import { localized, type Locale } from "~/i18n";
import { getStaffBooking } from "~/models/booking-report.server";
import { bookingNumberParam, staffCancelSchema } from "~/schemas/staff-booking-filters";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { staffCancelBooking } from "~/services/staff-bookings.server";
import { daysBetween } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const number = bookingNumberParam(params.number);
  const found = number ? await getStaffBooking(db(), { number }) : null;
  if (!found) throw notFound();
  const t = await getFixedT(await getLocale(request), "staffBookings");
  const { booking } = found;
  return json(
    {
      ...found,
      canCancel: booking.status === "held" || booking.status === "paid",
      // What a staff cancellation gives back: everything captured and not yet refunded.
      refundable: Math.max(0, booking.captured_fen - booking.refunded_fen),
      title: t("detail.title", { number: booking.number }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Booking" }];

type ActionResult = { fieldErrors: FieldErrors; formError: string | null; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const number = bookingNumberParam(params.number);
  if (!number) throw notFound();
  const parsed = parseForm(staffCancelSchema, await readForm(request));
  const values = parsed.values as Record<string, string>;
  if (!parsed.ok) {
    const formError = parsed.errors.intent ? "errors.unknownIntent" : "errors.checkFields";
    return json<ActionResult>({ fieldErrors: parsed.errors, formError, values }, { status: 400 });
  }
  const result = await staffCancelBooking(db(), { number, reason: parsed.data.reason, userId: user.id, ip: (context as { clientAddress?: string } | undefined)?.clientAddress ?? null });
  if (!result.ok) {
    if (result.code === "not_found") throw notFound();
    return json<ActionResult>({ fieldErrors: {}, formError: `errors.${result.code}`, values }, { status: 409 });
  }
  const notice: Record<string, string> = result.refundFen > 0 ? { notice: "cancelled", amount: formatFen(result.refundFen) } : { notice: "cancelledUnpaid" };
  return redirect(`/staff/bookings/${encodeURIComponent(number)}?${new URLSearchParams(notice)}`);
}

function Money({ fen }: { fen: number }) {
  return <>{formatFen(fen)}</>;
}

export default function StaffBooking() {
  const { booking, payments, refunds, postings, history, canCancel, refundable } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation("staffBookings");
  const { t: tStaff } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const listing = localized({ name_zh: booking.listing_name_zh, name_en: booking.listing_name_en }, "name", locale);
  const cooperative = localized({ name_zh: booking.cooperative_name_zh, name_en: booking.cooperative_name_en }, "name", locale);

  return (
    <article className="staff-page staff-order" aria-labelledby="booking-title">
      <nav className="breadcrumbs" aria-label={tStaff("breadcrumbs")}>
        <ol>
          <li><Link to="/staff">{tStaff("nav.dashboard")}</Link></li>
          <li><Link to="/staff/bookings">{t("detail.back")}</Link></li>
          <li aria-current="page">{booking.number}</li>
        </ol>
      </nav>
      <header className="staff-order__head">
        <h1 id="booking-title">{t("detail.title", { number: booking.number })}</h1>
        <p className="staff-badges">
          <BookingStatusBadge status={booking.status} />
          {booking.cancelled_by ? <span className="muted"> {t(`cancelledBy.${booking.cancelled_by}`)}</span> : null}
        </p>
      </header>
      <RedirectNotice namespace="staffBookings" fromQuery={["amount"]} />
      {/* Shown here, not in the form: a refusal from a page left open may come when the form is gone. */}
      {answer?.formError ? (
        <p className="notice notice--error" role="alert" data-testid="cancel-refusal">
          {answer.formError === "errors.unknownIntent" ? tStaff("errors.unknownIntent") : t(answer.formError)}
        </p>
      ) : null}

      <div className="staff-order__grid staff-booking__grid">
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

        {/* In its own box so the layout's spacing between stacked sections does not push it down beside the summary. */}
        <div>
          <section className="card" aria-labelledby="money-title">
            <h2 id="money-title">{t("detail.money")}</h2>
            <dl className="staff-dl" data-testid="booking-money">
              <dt>{t("detail.total")}</dt>
              <dd><Money fen={booking.total_fen} /></dd>
              <dt>{t("detail.captured")}</dt>
              <dd><Money fen={booking.captured_fen} /></dd>
              <dt>{t("detail.refundDue")}</dt>
              <dd><Money fen={booking.refund_due_fen} /></dd>
              <dt>{t("detail.refunded")}</dt>
              <dd><Money fen={booking.refunded_fen} /></dd>
            </dl>

            <h3>{t("detail.payments")}</h3>
            {payments.length === 0 ? (
              <p className="muted">{t("detail.noPayments")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table staff-table staff-table--compact" data-testid="booking-payments">
                  <thead>
                    <tr>
                      <th scope="col">{t("detail.attempt")}</th>
                      <th scope="col">{t("detail.provider")}</th>
                      <th scope="col">{t("detail.paymentStatus")}</th>
                      <th scope="col" className="num">{t("detail.amount")}</th>
                      <th scope="col" className="num">{t("detail.captured")}</th>
                      <th scope="col" className="num">{t("detail.refunded")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {payments.map((payment) => (
                      <tr key={payment.id}>
                        <td>
                          {payment.attempt}
                          {payment.flagged_reason ? <> <span className="badge badge--danger" title={payment.flagged_reason}>{t("detail.flagged")}</span></> : null}
                        </td>
                        <td>{payment.provider}</td>
                        <td>{t(`detail.paymentStatuses.${payment.status}`)}</td>
                        <td className="num"><Money fen={payment.amount_fen} /></td>
                        <td className="num"><Money fen={payment.captured_fen} /></td>
                        <td className="num"><Money fen={payment.refunded_fen} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}

            <h3>{t("detail.refunds")}</h3>
            {refunds.length === 0 ? (
              <p className="muted">{t("detail.noRefunds")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table staff-table staff-table--compact" data-testid="booking-refunds">
                  <thead>
                    <tr>
                      <th scope="col">{t("detail.postedAt")}</th>
                      <th scope="col">{t("detail.reason")}</th>
                      <th scope="col">{t("detail.paymentStatus")}</th>
                      <th scope="col" className="num">{t("detail.amount")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {refunds.map((refund) => (
                      <tr key={refund.id}>
                        <td>{formatDateTime(refund.created_at, locale)}</td>
                        <td>{refund.reason}</td>
                        <td>{t(`detail.refundStatuses.${refund.status}`)}</td>
                        <td className="num"><Money fen={refund.amount_fen} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}

            <h3>{t("detail.ledger")}</h3>
            {postings.length === 0 ? (
              <p className="muted">{t("detail.noLedger")}</p>
            ) : (
              <div className="table-scroll">
                <table className="table staff-table staff-table--compact" data-testid="booking-ledger">
                  <thead>
                    <tr>
                      <th scope="col">{t("detail.postedAt")}</th>
                      <th scope="col">{t("detail.kind")}</th>
                      <th scope="col" className="num">{t("detail.payable")}</th>
                      <th scope="col" className="num">{t("detail.commission")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {postings.map((posting) => (
                      <tr key={posting.id}>
                        <td>{formatDateTime(posting.postedAt, locale)}</td>
                        <td>{t(`detail.ledgerKinds.${posting.kind}`)}</td>
                        <td className="num"><Money fen={posting.payableFen} /></td>
                        <td className="num"><Money fen={posting.commissionFen} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      </div>

      {canCancel ? (
        <section className="card staff-danger" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("cancel.title")}</h2>
          <p>{booking.status === "paid" ? t("cancel.explainPaid", { amount: formatFen(refundable) }) : t("cancel.explainHeld")}</p>
          <Form method="post" className="staff-form">
            <input type="hidden" name="intent" value="cancel" />
            <ReasonAndConfirm idPrefix="cancel" reasonLabel={t("cancel.reason")} confirmLabel={t("cancel.confirm")} errors={answer?.fieldErrors ?? {}} defaultReason={answer?.values.reason} />
            <SubmitButton className="button--danger">{t("cancel.submit")}</SubmitButton>
          </Form>
        </section>
      ) : null}

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
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
