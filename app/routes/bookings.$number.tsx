import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxField, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLiveOrderUpdates, type LiveState } from "~/components/order/live-updates";
import { bookingActionForm, bookingPageParams, bookingPageQuery } from "~/schemas/bookings.server";
import { bookingForGuest, bookingPageView, cancelBookingAsGuest, consumeBookingActionLimit } from "~/services/booking-guest.server";
import { startBookingPayment } from "~/services/booking-payments.server";
import bookingsStyles from "~/styles/bookings.css";
import ordersStyles from "~/styles/orders.css";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { notFound } from "~/utils/responses.server";

// A guest's booking behind its link (`?token=`: the booking's own secret, or a fresh signed
// link from the lookup or an e-mail). Without a matching link the answer is the same 404 as for
// a number that does not exist. Works without JavaScript; with it, status changes arrive live.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: ordersStyles },
  { rel: "stylesheet", href: bookingsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.metaTitle ?? "Booking" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

const PRIVATE = { "Cache-Control": "private, no-store", "Referrer-Policy": "same-origin" };

export async function loader({ request, params: rawParams }: LoaderFunctionArgs) {
  const params = bookingPageParams.safeParse(rawParams);
  if (!params.success) throw notFound();
  const query = bookingPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const search = query.success ? query.data : {};
  const locale = await getLocale(request);
  const view = await bookingPageView(db(), { number: params.data.number, token: search.token, locale });
  if (!view) throw notFound();
  const t = await getFixedT(locale, "bookings");
  const token = search.token!;
  const withToken = (extra: Record<string, string> = {}) => new URLSearchParams({ token, ...extra }).toString();
  return json(
    {
      locale,
      metaTitle: t("metaTitle", { number: view.booking.number }),
      token,
      payment: search.payment ?? null,
      notice: search.notice ?? null,
      ...view,
      icsUrl: `/bookings/${view.booking.number}.ics?${withToken()}`,
      streamUrl: `/bookings/${view.booking.number}/events?${withToken({ state: view.liveState })}`,
    },
    { headers: PRIVATE },
  );
}

export async function action({ request, params: rawParams, context }: ActionFunctionArgs) {
  const params = bookingPageParams.safeParse(rawParams);
  if (!params.success) throw notFound();
  const limit = await consumeBookingActionLimit(db(), { clientAddress: context.clientAddress ?? "unknown" });
  if (!limit.allowed) throw new Response("Too many requests", { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
  const form = await readForm(request);
  const parsed = bookingActionForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    // Without the link it is a booking nobody may touch: the same 404 as the page.
    if (typeof form.get("token") !== "string") throw notFound();
    return json({ error: "Unknown action" }, { status: 400 });
  }
  const { number } = params.data;
  const { token } = parsed.data;
  const back = (extra: Record<string, string>) => redirect(`/bookings/${number}?${new URLSearchParams({ token, ...extra })}`, { status: 303, headers: PRIVATE });
  if (parsed.data.intent === "cancel") {
    if (parsed.data.confirm !== "yes") {
      if (!(await bookingForGuest(db(), { number, token }))) throw notFound();
      return back({ notice: "confirmRequired" });
    }
    const result = await cancelBookingAsGuest(db(), { number, token });
    if (!result.ok && result.code === "not_found") throw notFound();
    if (result.ok) return back({ notice: "cancelled" });
    return back({ notice: result.code === "after_arrival" ? "afterArrival" : "notCancellable" });
  }
  const booking = await bookingForGuest(db(), { number, token });
  if (!booking) throw notFound();
  const started = await startBookingPayment(db(), { bookingId: booking.id, accessToken: token });
  if (started.ok) return redirect(started.url, { status: 303, headers: PRIVATE });
  if (started.code === "not_found") throw notFound();
  return back({ payment: started.code });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function BookingPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("bookings");
  const { booking, place, cancellation } = data;
  const [streamUrl] = useState(data.streamUrl);
  const live = useLiveOrderUpdates(streamUrl);
  const intlLocale = data.locale === "zh" ? "zh-CN" : "en-GB";
  const day = (date: string) => new Intl.DateTimeFormat(intlLocale, { timeZone: "UTC", weekday: "short", year: "numeric", month: "short", day: "numeric" }).format(new Date(`${date}T00:00:00Z`));
  const time = (value: string) => new Intl.DateTimeFormat(intlLocale, { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
  const paid = booking.status === "paid" || booking.status === "checked_in";
  const pendingRefundFen = data.refunds.filter((r) => r.status === "pending").reduce((sum, r) => sum + r.amountFen, 0);

  const notices: { tone: "" | "warn" | "error"; text: string; id: string }[] = [];
  // Once the refund went through, "refunded" below says it; until then, that it is on its way.
  if (data.notice === "cancelled" && booking.status === "cancelled")
    notices.push({ id: "cancelled", tone: "", text: booking.refundDueFen > booking.refundedFen ? t("notices.cancelledRefund", { amount: formatFen(booking.refundDueFen) }) : t("notices.cancelled") });
  else if (data.notice === "notCancellable") notices.push({ id: "notCancellable", tone: "warn", text: t("notices.notCancellable") });
  else if (data.notice === "afterArrival") notices.push({ id: "afterArrival", tone: "warn", text: t("notices.afterArrival") });
  else if (data.notice === "confirmRequired") notices.push({ id: "confirmRequired", tone: "error", text: t("policy.confirmRequired") });
  if (paid && data.payment === "paid") notices.push({ id: "paid", tone: "", text: t("notices.paid") });
  if (booking.status === "held") {
    if (data.payment === "failed") notices.push({ id: "failed", tone: "error", text: t("notices.failed") });
    else if (data.payment === "unavailable") notices.push({ id: "unavailable", tone: "error", text: t("notices.unavailable") });
    else if (data.payment === "cancelled") notices.push({ id: "cancelledPayment", tone: "warn", text: t("notices.cancelledPayment") });
    if (booking.holdLive) notices.push({ id: "held", tone: "warn", text: t("notices.held", { time: time(booking.holdExpiresAt) }) });
  }
  if (booking.status === "expired") notices.push({ id: "expired", tone: "warn", text: t("notices.expired") });
  if (booking.status === "cancelled" && booking.cancelledBy !== "guest" && booking.capturedFen > 0) notices.push({ id: "byHost", tone: "warn", text: t("notices.byHost") });
  if (pendingRefundFen > 0) notices.push({ id: "refundPending", tone: "", text: t("notices.refundPending", { amount: formatFen(pendingRefundFen) }) });
  else if (booking.refundedFen > 0) notices.push({ id: "refunded", tone: "", text: t("notices.refunded", { amount: formatFen(booking.refundedFen) }) });

  return (
    <article className="booking-page" aria-labelledby="booking-title">
      <h1 id="booking-title">
        {t("titlePrefix")} <span className="booking-number">{booking.number}</span>
      </h1>
      <p className="muted">{t("madeFor", { name: booking.contactName })}</p>
      <p className="booking-status">
        <span className={`badge${statusTone(booking.status)}`} data-testid="booking-status" data-status={booking.status}>
          {t("statusLabel")}: {t(`status.${booking.status}`)}
        </span>
      </p>
      {notices.map((notice) => (
        <p key={notice.id} className={`notice${notice.tone ? ` notice--${notice.tone}` : ""}`} role="status" data-testid={`booking-notice-${notice.id}`}>
          {notice.text}
        </p>
      ))}
      <BookingLiveStatus state={live} status={t(`status.${booking.status}`)} />

      {booking.status === "held" && booking.holdLive ? (
        <Form method="post" className="booking-pay">
          <input type="hidden" name="token" value={data.token} />
          <SubmitButton name="intent" value="pay" intent="pay" pendingText={t("pay.pending")} data-testid="booking-pay">
            {data.payments.length > 0 ? t("pay.again") : t("pay.button", { amount: formatFen(booking.totalFen) })}
          </SubmitButton>
        </Form>
      ) : null}

      <div className="booking-grid">
        <section className="card" aria-labelledby="stay-title">
          <h2 id="stay-title">{t("stay.legend")}</h2>
          <dl className="booking-facts">
            <div>
              <dt>{t("stay.listing")}</dt>
              <dd data-testid="booking-listing">{place.name}</dd>
            </div>
            {place.unit ? (
              <div>
                <dt>{t("stay.unit")}</dt>
                <dd>{place.unit}</dd>
              </div>
            ) : null}
            {booking.checkIn && booking.checkOut ? (
              <div className="booking-facts__wide">
                <dt>{t("stay.dates")}</dt>
                <dd data-testid="booking-dates">
                  {t("stay.datesValue", { checkIn: day(booking.checkIn), checkOut: day(booking.checkOut) })} · {t("stay.nights", { count: booking.nights })}
                </dd>
              </div>
            ) : booking.slotStartsAt ? (
              <div className="booking-facts__wide">
                <dt>{t("stay.startsAt")}</dt>
                <dd>{time(booking.slotStartsAt)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t("stay.guestsLabel")}</dt>
              <dd data-testid="booking-guests">{t("stay.guests", { count: booking.guests })}</dd>
            </div>
            <div>
              <dt>{t("stay.cooperative")}</dt>
              <dd>{place.cooperative}</dd>
            </div>
          </dl>
          {place.checkInFrom || place.checkOutUntil ? (
            <p className="muted">
              {[place.checkInFrom ? t("stay.checkInFrom", { time: place.checkInFrom.slice(0, 5) }) : null, place.checkOutUntil ? t("stay.checkOutUntil", { time: place.checkOutUntil.slice(0, 5) }) : null].filter(Boolean).join(" · ")}
            </p>
          ) : null}
          {booking.specialRequests ? (
            <p>
              <strong>{t("stay.specialRequests")}:</strong> {booking.specialRequests}
            </p>
          ) : null}
          <p>
            <a className="button button--ghost" href={data.icsUrl} download={`${booking.number}.ics`} data-testid="booking-ics">
              {t("calendar.download")}
            </a>
          </p>
        </section>

        <section className="card" aria-labelledby="place-title">
          <h2 id="place-title">{t("place.legend")}</h2>
          {place.county || place.village || place.address ? (
            <p data-testid="booking-address">
              <strong>{t("place.address")}:</strong> {[place.county, place.village, place.address].filter(Boolean).join(" ")}
            </p>
          ) : null}
          {place.accessKind && place.accessPoint ? (
            <p>
              {t(`place.${place.accessKind}`, { point: place.accessPoint })}
              {place.accessDistanceKm !== null ? ` · ${t("place.distance", { km: place.accessDistanceKm })}` : ""}
            </p>
          ) : null}
          {place.directions ? (
            <>
              <h3>{t("place.directions")}</h3>
              <p className="booking-text">{place.directions}</p>
            </>
          ) : null}
          {place.houseRules ? (
            <details>
              <summary>{t("place.houseRules")}</summary>
              <p className="booking-text">{place.houseRules}</p>
            </details>
          ) : null}
          <p>
            <Link to={`/stays/${place.slug}`}>{t("place.listingLink")}</Link>
          </p>
        </section>

        <section className="card" aria-labelledby="host-title">
          <h2 id="host-title">{t("host.legend")}</h2>
          {booking.status === "cancelled" || booking.status === "expired" ? (
            <p className="muted" data-testid="host-hidden">{t("host.closed")}</p>
          ) : paid ? (
            place.hostPhone ? (
              <p data-testid="host-contact">
                {t("host.phone")}: <a href={`tel:${place.hostPhone}`}>{place.hostPhone}</a>
              </p>
            ) : (
              <p className="muted">{t("host.none")}</p>
            )
          ) : (
            <p className="muted" data-testid="host-hidden">{t("host.hidden")}</p>
          )}
        </section>

        <section className="card" aria-labelledby="policy-title">
          <h2 id="policy-title">{t("policy.legend")}</h2>
          <ul className="booking-policy">
            <li>{booking.cancelFreeDays > 0 ? t("policy.free", { date: day(cancellation.freeUntil) }) : t("policy.freeNone")}</li>
            <li>{t("policy.late", { percent: booking.cancelLateRefundPercent })}</li>
            <li>{t("policy.afterArrival")}</li>
          </ul>
          {cancellation.cancellable && cancellation.rule ? (
            <>
              <p data-testid="cancel-preview">
                <strong>{t(`policy.today.${cancellation.rule}`, { amount: formatFen(cancellation.refundFen), percent: booking.cancelLateRefundPercent })}</strong>
              </p>
              <Form method="post" className="booking-cancel">
                <input type="hidden" name="token" value={data.token} />
                <CheckboxField name="confirm" value="yes" label={t("policy.confirm")} required />
                <SubmitButton name="intent" value="cancel" intent="cancel" className="button--danger" pendingText={t("policy.pending")} data-testid="booking-cancel">
                  {t("policy.button")}
                </SubmitButton>
              </Form>
            </>
          ) : null}
        </section>

        <MoneySection data={data} />
      </div>

      <p className="muted">
        {t("keepLink")} <Link to="/bookings/lookup">{t("findLink")}</Link>
      </p>
    </article>
  );
}

function MoneySection({ data }: { data: Data }) {
  const { t } = useTranslation("bookings");
  const { booking } = data;
  return (
    <section className="card" aria-labelledby="money-title">
      <h2 id="money-title">{t("money.legend")}</h2>
      <dl className="booking-facts">
        <div>
          <dt>{t("money.total")}</dt>
          <dd className="price" data-testid="booking-total">{formatFen(booking.totalFen)}</dd>
        </div>
        <div>
          <dt>{t("money.paid")}</dt>
          <dd className="price" data-testid="booking-paid">{formatFen(booking.capturedFen)}</dd>
        </div>
        {booking.refundedFen > 0 ? (
          <div>
            <dt>{t("money.refunded")}</dt>
            <dd className="price" data-testid="booking-refunded">{formatFen(booking.refundedFen)}</dd>
          </div>
        ) : null}
      </dl>
      {data.payments.length === 0 ? (
        <p className="muted">{t("money.none")}</p>
      ) : (
        <ul className="booking-money">
          {data.payments.map((p) => (
            <li key={`p${p.attempt}`}>
              {t("money.attempt", { n: p.attempt })}: {formatFen(p.amountFen)} · {t(`money.attemptStatus.${p.status}`)}
            </li>
          ))}
          {data.refunds.map((r) => (
            <li key={`r${r.id}`} data-testid="booking-refund">
              {t("money.refund")}: {formatFen(r.amountFen)} · {t(`money.refundStatus.${r.status}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function statusTone(status: string): string {
  if (status === "held") return " badge--warn";
  if (status === "cancelled" || status === "no_show") return " badge--danger";
  if (status === "expired") return " badge--muted";
  return "";
}

function BookingLiveStatus({ state, status }: { state: LiveState; status: string }) {
  const { t } = useTranslation("bookings");
  const [first] = useState(status);
  return (
    <div className={`live-status live-status--${state}`} data-testid="live-status" data-state={state}>
      <span className="live-status__dot" aria-hidden="true" />
      <span>{t(`live.${state}`)}</span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {status !== first ? t("live.updated", { status }) : ""}
      </span>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
