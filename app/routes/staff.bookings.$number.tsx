import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RedirectNotice } from "~/components/forms";
import { BookingStatusBadge } from "~/components/staff/booking-status-badge";
import { BookingCancelPanel, BookingHistory, BookingMoneyPanel, BookingSummaryPanel } from "~/components/staff/booking/booking-panels";
import { getStaffBooking } from "~/models/booking-report.server";
import { bookingNumberParam, staffCancelSchema } from "~/schemas/staff-booking-filters";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { staffCancelBooking } from "~/services/staff-bookings.server";
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

export default function StaffBooking() {
  const { booking, payments, refunds, postings, history, canCancel, refundable } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation("staffBookings");
  const { t: tStaff } = useTranslation("staff");

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
        <BookingSummaryPanel booking={booking} />
        {/* In its own box so the layout's spacing between stacked sections does not push it down beside the summary. */}
        <div>
          <BookingMoneyPanel booking={booking} payments={payments} refunds={refunds} postings={postings} />
        </div>
      </div>

      {canCancel ? <BookingCancelPanel booking={booking} refundable={refundable} errors={answer?.fieldErrors ?? {}} defaultReason={answer?.values.reason} /> : null}

      <BookingHistory history={history} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
