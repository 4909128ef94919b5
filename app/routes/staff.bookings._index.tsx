import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BookingStatusBadge } from "~/components/staff/booking-status-badge";
import { formatDateTime } from "~/components/staff/format";
import { StaffFilterForm, StaffPager, StaffTable } from "~/components/staff/list-page";
import { localized, type Locale } from "~/i18n";
import { listStaffBookings } from "~/models/booking-report.server";
import { listCooperativeOptions } from "~/models/order/staff.server";
import { BOOKING_KINDS, BOOKING_STATUSES, bookingListParams } from "~/schemas/staff-booking-filters";
import { searchWith } from "~/schemas/staff-order-filters";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { daysBetween } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const params = bookingListParams(new URL(request.url).searchParams);
  const [page, cooperatives] = await Promise.all([
    listStaffBookings(db(), { status: params.status, kind: params.kind, cooperative: params.coop, from: params.from, to: params.to, q: params.q, after: params.cursor }),
    listCooperativeOptions(db()),
  ]);
  const t = await getFixedT(await getLocale(request), "staffBookings");
  return json(
    {
      params: { ...params, cursor: undefined },
      isFirstPage: !params.cursor,
      bookings: page.rows,
      next: page.next,
      cooperatives,
      title: t("title"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Bookings" }];

export default function StaffBookings() {
  const { params, bookings, next, cooperatives, isFirstPage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staffBookings");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const csvHref = `/staff/bookings.csv${searchWith(params, {})}`;
  return (
    <section className="staff-page" aria-labelledby="bookings-title">
      <h1 id="bookings-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <StaffFilterForm resetTo="/staff/bookings">
        <Field id="filter-q" label={t("filters.search")} name="q" type="search" defaultValue={params.q ?? ""} maxLength={60} placeholder={t("filters.searchPlaceholder")} />
        <SelectField id="filter-status" label={t("filters.status")} name="status" defaultValue={params.status ?? ""}>
          <option value="">{t("filters.any")}</option>
          {BOOKING_STATUSES.map((status) => (
            <option key={status} value={status}>{t(`statuses.${status}`)}</option>
          ))}
        </SelectField>
        <SelectField id="filter-kind" label={t("filters.kind")} name="kind" defaultValue={params.kind ?? ""}>
          <option value="">{t("filters.any")}</option>
          {BOOKING_KINDS.map((kind) => (
            <option key={kind} value={kind}>{t(`kinds.${kind}`)}</option>
          ))}
        </SelectField>
        <SelectField id="filter-coop" label={t("filters.cooperative")} name="coop" defaultValue={params.coop ?? ""}>
          <option value="">{t("filters.any")}</option>
          {cooperatives.map((cooperative) => (
            <option key={cooperative.id} value={cooperative.id}>{localized(cooperative, "name", locale)}</option>
          ))}
        </SelectField>
        <Field id="filter-from" label={t("filters.from")} name="from" type="date" defaultValue={params.from ?? ""} />
        <Field id="filter-to" label={t("filters.to")} name="to" type="date" defaultValue={params.to ?? ""} />
      </StaffFilterForm>
      <p className="staff-actions">
        <a href={csvHref} className="button button--ghost" download>{t("export")}</a>
      </p>

      <StaffTable isEmpty={bookings.length === 0} empty={t("empty")} testId="bookings-table">
        <caption className="visually-hidden">{t("title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("columns.number")}</th>
            <th scope="col">{t("columns.listing")}</th>
            <th scope="col">{t("columns.cooperative")}</th>
            <th scope="col">{t("columns.dates")}</th>
            <th scope="col" className="num">{t("columns.guests")}</th>
            <th scope="col" className="num">{t("columns.amount")}</th>
            <th scope="col" className="num">{t("columns.money")}</th>
            <th scope="col">{t("columns.status")}</th>
          </tr>
        </thead>
        <tbody>
          {bookings.map((booking) => (
            <tr key={booking.id}>
              <td>
                <Link to={`/staff/bookings/${encodeURIComponent(booking.number)}`}>{booking.number}</Link>
                <br />
                <span className="muted staff-small">{booking.contact_name} · {booking.contact_mobile}</span>
              </td>
              <td>
                {localized({ name_zh: booking.listing_name_zh, name_en: booking.listing_name_en }, "name", locale)}
                <br />
                <span className="muted staff-small">
                  {t(`kinds.${booking.kind}`)}
                  {booking.unit_name_zh ? <> · {localized({ name_zh: booking.unit_name_zh, name_en: booking.unit_name_en ?? "" }, "name", locale)}</> : null}
                </span>
              </td>
              <td>{localized({ name_zh: booking.cooperative_name_zh, name_en: booking.cooperative_name_en }, "name", locale)}</td>
              <td>
                {booking.check_in && booking.check_out ? (
                  <>
                    {booking.check_in} → {booking.check_out}
                    <br />
                    <span className="muted staff-small">{t("nights", { count: daysBetween(booking.check_in, booking.check_out) })}</span>
                  </>
                ) : (
                  formatDateTime(booking.slot_starts_at, locale)
                )}
              </td>
              <td className="num">{booking.guests}</td>
              <td className="num">{formatFen(booking.total_fen)}</td>
              <td className="num">
                {formatFen(booking.captured_fen)}
                {booking.refunded_fen > 0 ? <><br /><span className="muted staff-small">−{formatFen(booking.refunded_fen)}</span></> : null}
                {booking.refund_due_fen > booking.refunded_fen ? <><br /><span className="muted staff-small">{t("refundDue", { amount: formatFen(booking.refund_due_fen - booking.refunded_fen) })}</span></> : null}
              </td>
              <td><BookingStatusBadge status={booking.status} /></td>
            </tr>
          ))}
        </tbody>
      </StaffTable>
      <StaffPager
        newest={isFirstPage ? null : `/staff/bookings${searchWith(params, {})}`}
        older={next ? `/staff/bookings${searchWith(params, { cursor: next })}` : null}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
