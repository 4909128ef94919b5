import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { CheckboxField, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PickForm, StayFormProblem, StayNotice, StepNav } from "~/components/stays-host/ui";
import { inLanguage } from "~/i18n";
import { listHostArrivals, listHostDepartures, listHostUpcoming, type HostBooking } from "~/models/host-booking.server";
import { bookingActionSchema, bookingDaySchema } from "~/schemas/stay-listings";
import { requireCooperative } from "~/services/auth.server";
import { cancelByHost, markGuestArrival } from "~/services/host-bookings.server";
import styles from "~/styles/coop.css";
import hostStyles from "~/styles/stays-host.css";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { fieldErrors } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { notFound } from "~/utils/responses.server";

// The host's day: who arrives and who leaves (China days), what is coming in the next two
// weeks, and the buttons a host needs at the door: checked in, no-show, cancel (refund in full).

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: hostStyles },
];

const UPCOMING_DAYS = 14;

function shown(booking: HostBooking) {
  return { ...booking, totalFen: Number(booking.totalFen), capturedFen: Number(booking.capturedFen), refundDueFen: Number(booking.refundDueFen) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "coopStays");
  const today = chinaToday();
  const day = bookingDaySchema.parse(new URL(request.url).searchParams.get("day")) ?? today;
  const scope = { cooperativeId: cooperative.id };
  const [arrivals, departures, upcoming] = await Promise.all([
    listHostArrivals(db(), { ...scope, day }),
    listHostDepartures(db(), { ...scope, day }),
    listHostUpcoming(db(), { ...scope, from: today, to: addDays(today, UPCOMING_DAYS) }),
  ]);
  return json(
    { title: t("meta.bookings"), today, day, arrivals: arrivals.map(shown), departures: departures.map(shown), upcoming: upcoming.map(shown) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const ARRIVAL_ERRORS = { before_arrival: "beforeArrival", not_paid: "notPaid" } as const;
const CANCEL_ERRORS = { not_cancellable: "notCancellable", after_arrival: "afterArrival" } as const;

export async function action({ request }: ActionFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const formData = await readForm(request);
  const day = bookingDaySchema.parse(formData.get("day")) ?? chinaToday();
  const back = (notice: string) => redirect(`/coop/bookings?day=${day}&notice=${notice}`);
  const parsed = bookingActionSchema.safeParse(Object.fromEntries(formData));
  const bookingId = Number(formData.get("booking_id"));
  const target = Number.isSafeInteger(bookingId) ? bookingId : null;
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return json({ bookingId: target, errors: { form: errors.confirm ?? "form" } }, { status: 400 });
  }
  const input = parsed.data;
  const scope = { cooperativeId: cooperative.id, bookingId: input.booking_id };
  if (input.intent === "cancel") {
    const result = await cancelByHost(db(), scope);
    if (result.ok) return back("cancelled");
    if (result.code === "not_found") throw notFound();
    return json({ bookingId: target, errors: { form: CANCEL_ERRORS[result.code] } }, { status: 400 });
  }
  const result = await markGuestArrival(db(), { ...scope, to: input.intent });
  if (result.ok) return back(input.intent === "checked_in" ? "checkedIn" : "noShow");
  if (result.code === "not_found") throw notFound();
  return json({ bookingId: target, errors: { form: ARRIVAL_ERRORS[result.code] } }, { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Shown = ReturnType<typeof useLoaderData<typeof loader>>["arrivals"][number];

export default function CoopBookings() {
  const { today, day, arrivals, departures, upcoming } = useLoaderData<typeof loader>();
  const { t } = useTranslation("coopStays");
  return (
    <div className="coop-page">
      <StayNotice />
      <h1>{t("bookings.title")}</h1>
      <p className="muted">{t("bookings.intro")}</p>
      <PickForm buttonText={t("bookings.show")}>
        <div className="field">
          <label htmlFor="booking-day">{t("bookings.day")}</label>
          <input id="booking-day" name="day" type="date" defaultValue={day} />
        </div>
      </PickForm>
      <StepNav
        className="stay-day-nav"
        label={t("bookings.day")}
        prev={{ to: `?day=${addDays(day, -1)}`, text: t("bookings.prevDay") }}
        next={{ to: `?day=${addDays(day, 1)}`, text: t("bookings.nextDay") }}
      >
        {day !== today ? <Link to={`?day=${today}`}>{t("bookings.today")}</Link> : null}
      </StepNav>

      <section className="card" aria-labelledby="arrivals-title">
        <h2 id="arrivals-title">
          {t("bookings.arrivals")} · {day}
        </h2>
        {arrivals.length === 0 ? <p>{t("bookings.noArrivals")}</p> : <BookingList bookings={arrivals} day={day} today={today} testId="arrivals" withActions />}
      </section>

      <section className="card" aria-labelledby="departures-title">
        <h2 id="departures-title">
          {t("bookings.departures")} · {day}
        </h2>
        {departures.length === 0 ? <p>{t("bookings.noDepartures")}</p> : <BookingList bookings={departures} day={day} today={today} testId="departures" />}
      </section>

      <section className="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("bookings.upcoming")}</h2>
        {upcoming.length === 0 ? <p>{t("bookings.noUpcoming")}</p> : <BookingList bookings={upcoming} day={day} today={today} testId="upcoming" compact />}
      </section>
    </div>
  );
}

function BookingList({ bookings, day, today, testId, withActions, compact }: { bookings: Shown[]; day: string; today: string; testId: string; withActions?: boolean; compact?: boolean }) {
  return (
    <ul className="stay-booking" data-testid={testId}>
      {bookings.map((booking) => (
        <BookingCard key={booking.id} booking={booking} day={day} today={today} withActions={withActions} compact={compact} idPrefix={testId} />
      ))}
    </ul>
  );
}

function BookingCard({ booking, day, today, withActions, compact, idPrefix }: { booking: Shown; day: string; today: string; withActions?: boolean; compact?: boolean; idPrefix: string }) {
  const { t } = useTranslation("coopStays");
  const locale = useLocale();
  const actionData = useActionData<typeof action>();
  const problem = actionData && actionData.bookingId === booking.id ? actionData : null;
  const what = [inLanguage(booking.listingNameZh, booking.listingNameEn, locale), booking.unitNameZh ? inLanguage(booking.unitNameZh, booking.unitNameEn, locale) : null].filter(Boolean).join(" · ");
  const when = booking.checkIn && booking.checkOut ? t("bookings.stayDates", { checkIn: booking.checkIn, checkOut: booking.checkOut }) : booking.slotStartsAt ? formatChinaDateTime(booking.slotStartsAt) : "";
  const canMark = booking.status === "paid" && booking.arrivalDay <= today;
  const canCancel = booking.status === "paid";
  const statusClass = booking.status === "cancelled" || booking.status === "no_show" ? "badge badge--muted" : booking.status === "checked_in" ? "badge" : "badge badge--warn";
  const ids = `${idPrefix}-${booking.id}`;
  return (
    <li className="card stay-booking__item" id={ids} data-booking={booking.number}>
      <div className="stay-booking__head">
        <h3>{booking.contactName}</h3>
        <span className={statusClass} data-testid="booking-status">
          {t(`bookings.statuses.${booking.status}`)}
        </span>
      </div>
      <dl>
        <dt>{t("bookings.number")}</dt>
        <dd>{booking.number}</dd>
        <dt>{t("bookings.what")}</dt>
        <dd>{what}</dd>
        <dt>{t("bookings.dates")}</dt>
        <dd>{when}</dd>
        <dt>{t("bookings.guests")}</dt>
        <dd>{t("bookings.guestsCount", { count: booking.guests })}</dd>
        <dt>{t("bookings.mobile")}</dt>
        <dd>
          <a href={`tel:${booking.contactMobile}`}>{booking.contactMobile}</a>
        </dd>
        {compact ? null : (
          <>
            <dt>{t("bookings.requests")}</dt>
            <dd>{booking.specialRequests.trim() ? booking.specialRequests : t("bookings.noRequests")}</dd>
            <dt>{t("bookings.total")}</dt>
            <dd>{formatFen(booking.capturedFen)}</dd>
          </>
        )}
      </dl>
      {compact && booking.arrivalDay !== day ? (
        <p>
          <Link to={`?day=${booking.arrivalDay}`}>{t("bookings.openDay")}</Link>
        </p>
      ) : null}
      {booking.status === "cancelled" && booking.refundDueFen > 0 ? <p className="notice notice--warn">{t("bookings.refundDue", { amount: formatFen(booking.refundDueFen) })}</p> : null}
      <StayFormProblem errors={problem?.errors} />
      {withActions && (canMark || canCancel) ? (
        <div className="stay-booking__actions">
          {canMark ? (
            <>
              <Form method="post">
                <input type="hidden" name="day" value={day} />
                <input type="hidden" name="booking_id" value={booking.id} />
                <input type="hidden" name="intent" value="checked_in" />
                <SubmitButton intent="checked_in" pendingFor={{ booking_id: String(booking.id) }}>
                  {t("bookings.markCheckedIn")}
                </SubmitButton>
              </Form>
              <Form method="post">
                <input type="hidden" name="day" value={day} />
                <input type="hidden" name="booking_id" value={booking.id} />
                <input type="hidden" name="intent" value="no_show" />
                <SubmitButton className="button--ghost" intent="no_show" pendingFor={{ booking_id: String(booking.id) }}>
                  {t("bookings.markNoShow")}
                </SubmitButton>
              </Form>
            </>
          ) : null}
          {canCancel ? (
            <details open={Boolean(problem)}>
              <summary>{t("bookings.cancel")}</summary>
              <Form method="post" className="coop-form">
                <p>
                  <strong>{t("bookings.cancelTitle")}</strong>
                </p>
                <p>{t("bookings.cancelWarning", { amount: formatFen(booking.capturedFen) })}</p>
                <input type="hidden" name="day" value={day} />
                <input type="hidden" name="booking_id" value={booking.id} />
                <input type="hidden" name="intent" value="cancel" />
                <CheckboxField id={`${ids}-confirm`} name="confirm" value="yes" label={t("bookings.cancelConfirm")} />
                <SubmitButton className="button--danger" intent="cancel" pendingFor={{ booking_id: String(booking.id) }}>
                  {t("bookings.cancel")}
                </SubmitButton>
              </Form>
            </details>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
