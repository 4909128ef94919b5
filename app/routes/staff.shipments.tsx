import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, SelectField } from "~/components/forms";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime } from "~/components/staff/format";
import { CarrierFilter, StaffFilterForm, StaffPager, StaffTable } from "~/components/staff/list-page";
import { searchWith } from "~/schemas/staff-order-filters";
import { ShipmentStatusBadge } from "~/components/staff/status-badge";
import type { Locale } from "~/i18n";
import { SHIPMENT_STATUSES } from "~/models/order-state";
import { listShipments } from "~/models/shipment.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { CARRIER_KEYS, carrierName } from "~/utils/carriers";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

const STATUS_FILTERS = ["open", "label_created", "in_transit", "out_for_delivery", "delivered", "exception", "returned"] as const;

const blank = (value: unknown) => (value === "" ? undefined : value);
const paramsSchema = z.object({
  status: z.preprocess(blank, z.enum(STATUS_FILTERS).optional()).catch(undefined),
  carrier: z.preprocess(blank, z.enum(CARRIER_KEYS).optional()).catch(undefined),
  q: z.preprocess(blank, z.string().trim().max(64).optional()).catch(undefined),
  before: z.preprocess(blank, z.coerce.number().int().positive().max(2_147_483_647).optional()).catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const params = paramsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listShipments(db(), params);
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    { params: { ...params, before: undefined }, isFirstPage: !params.before, rows: page.rows, nextBefore: page.nextBefore, title: t("shipments.title") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Shipments" }];

export default function StaffShipments() {
  const { params, rows, nextBefore, isFirstPage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  return (
    <section className="staff-page" aria-labelledby="shipments-title">
      <h1 id="shipments-title">{t("shipments.title")}</h1>
      <StaffFilterForm resetTo="/staff/shipments">
        <Field id="shipments-q" label={t("shipments.search")} name="q" type="search" defaultValue={params.q ?? ""} maxLength={64} />
        <SelectField id="shipments-status" label={t("orders.status")} name="status" defaultValue={params.status ?? ""}>
          <option value="">{t("orders.any")}</option>
          <option value="open">{t("shipments.open")}</option>
          {SHIPMENT_STATUSES.map((status) => (
            <option key={status} value={status}>{t(`shipmentStatus.${status}`)}</option>
          ))}
        </SelectField>
        <CarrierFilter id="shipments-carrier" value={params.carrier} locale={locale} />
      </StaffFilterForm>
      <StaffTable isEmpty={rows.length === 0} empty={t("shipments.empty")} testId="shipments-table">
        <thead>
          <tr>
            <th scope="col">{t("shipments.tracking")}</th>
            <th scope="col">{t("shipments.order")}</th>
            <th scope="col">{t("orders.status")}</th>
            <th scope="col">{t("shipments.shipped")}</th>
            <th scope="col">{t("shipments.lastScan")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.status === "exception" ? "staff-row--alert" : undefined}>
              <td>{carrierName(row.carrier, locale)}<br /><code>{row.tracking_number}</code></td>
              <td><Link to={`/staff/orders/${encodeURIComponent(row.order_number)}`}>{row.order_number}</Link></td>
              <td><ShipmentStatusBadge status={row.status} /></td>
              <td>{formatDateTime(row.shipped_at, locale)}</td>
              <td>
                {row.last_description ?? <span className="muted">{t("order.noScans")}</span>}
                {row.last_event_at ? <><br /><span className="muted staff-small">{formatDateTime(row.last_event_at, locale)}</span></> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </StaffTable>
      <StaffPager
        newest={isFirstPage ? null : `/staff/shipments${searchWith(params, {})}`}
        older={nextBefore ? `/staff/shipments${searchWith(params, { before: nextBefore })}` : null}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
