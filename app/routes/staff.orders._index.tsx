import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField, CheckboxField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime } from "~/components/staff/format";
import { CarrierFilter, StaffFilterForm, StaffPager, StaffTable } from "~/components/staff/list-page";
import { OrderStatusBadge, PaymentStatusBadge } from "~/components/staff/status-badge";
import { localized, type Locale } from "~/i18n";
import { listCooperativeOptions, listStaffOrders } from "~/models/order/staff.server";
import { ORDER_STATUSES, orderListParams, PAYMENT_STATUSES, searchWith } from "~/schemas/staff-order-filters";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const params = orderListParams(new URL(request.url).searchParams);
  const [page, cooperatives] = await Promise.all([
    listStaffOrders(db(), {
      status: params.status,
      payment: params.payment,
      from: params.from,
      to: params.to,
      cooperative: params.coop,
      carrier: params.carrier,
      flagged: params.flagged,
      q: params.q,
      after: params.cursor,
    }),
    listCooperativeOptions(db()),
  ]);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "staff");
  return json(
    {
      params: { ...params, cursor: undefined },
      isFirstPage: !params.cursor,
      orders: page.rows,
      next: page.next ? `${page.next.placedAt}~${page.next.id}` : null,
      cooperatives,
      title: t("orders.title"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Orders" }];

export default function StaffOrders() {
  const { params, orders, next, cooperatives, isFirstPage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  return (
    <section className="staff-page" aria-labelledby="orders-title">
      <h1 id="orders-title">{t("orders.title")}</h1>
      <StaffFilterForm resetTo="/staff/orders">
        <Field id="filter-q" label={t("orders.search")} name="q" type="search" defaultValue={params.q ?? ""} maxLength={100} placeholder={t("orders.searchPlaceholder")} />
        <SelectField id="filter-status" label={t("orders.status")} name="status" defaultValue={params.status ?? ""}>
          <option value="">{t("orders.any")}</option>
          {ORDER_STATUSES.map((status) => (
            <option key={status} value={status}>{t(`orderStatus.${status}`)}</option>
          ))}
        </SelectField>
        <SelectField id="filter-payment" label={t("orders.payment")} name="payment" defaultValue={params.payment ?? ""}>
          <option value="">{t("orders.any")}</option>
          {PAYMENT_STATUSES.map((status) => (
            <option key={status} value={status}>{t(`paymentStatus.${status}`)}</option>
          ))}
        </SelectField>
        <Field id="filter-from" label={t("orders.from")} name="from" type="date" defaultValue={params.from ?? ""} />
        <Field id="filter-to" label={t("orders.to")} name="to" type="date" defaultValue={params.to ?? ""} />
        <SelectField id="filter-coop" label={t("orders.cooperative")} name="coop" defaultValue={params.coop ?? ""}>
          <option value="">{t("orders.any")}</option>
          {cooperatives.map((cooperative) => (
            <option key={cooperative.id} value={cooperative.id}>{localized(cooperative, "name", locale)}</option>
          ))}
        </SelectField>
        <CarrierFilter id="filter-carrier" value={params.carrier} locale={locale} />
        <CheckboxField id="filter-flagged" className="field staff-filters__check" name="flagged" value="1" defaultChecked={params.flagged} label={t("orders.flaggedOnly")} />
      </StaffFilterForm>

      <StaffTable isEmpty={orders.length === 0} empty={t("orders.empty")} testId="orders-table">
        <caption className="visually-hidden">{t("orders.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("orders.columns.number")}</th>
            <th scope="col">{t("orders.columns.placed")}</th>
            <th scope="col">{t("orders.columns.customer")}</th>
            <th scope="col">{t("orders.columns.destination")}</th>
            <th scope="col">{t("orders.columns.status")}</th>
            <th scope="col">{t("orders.columns.payment")}</th>
            <th scope="col" className="num">{t("orders.columns.units")}</th>
            <th scope="col" className="num">{t("orders.columns.total")}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <td>
                <Link to={`/staff/orders/${encodeURIComponent(order.number)}`}>{order.number}</Link>
                {order.flagged_reason ? <> <span className="badge badge--danger" title={order.flagged_reason}>{t("orders.flagged")}</span></> : null}
              </td>
              <td>{formatDateTime(order.placed_at, locale)}</td>
              <td>
                {order.contact_name}
                <br />
                <span className="muted staff-small">{order.email} · {order.phone}</span>
              </td>
              <td>{order.ship_province} {order.ship_city}</td>
              <td><OrderStatusBadge status={order.status} /></td>
              <td><PaymentStatusBadge status={order.payment_status} /></td>
              <td className="num">{order.units_shipped}/{order.units}</td>
              <td className="num">
                {formatFen(order.total_fen)}
                {order.refunded_fen > 0 ? <><br /><span className="muted staff-small">−{formatFen(order.refunded_fen)}</span></> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </StaffTable>
      <StaffPager
        newest={isFirstPage ? null : `/staff/orders${searchWith(params, {})}`}
        older={next ? `/staff/orders${searchWith(params, { cursor: next })}` : null}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
