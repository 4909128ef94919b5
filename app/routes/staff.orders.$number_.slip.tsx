import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatDateTime } from "~/components/staff/format";
import { orderNumberParam } from "~/schemas/staff-order";
import { QrCode, qrShapeFromSvg } from "~/components/staff/qr-code";
import { localized, type Locale } from "~/i18n";
import { shipmentsForOrder } from "~/models/shipment.server";
import { getStaffOrder } from "~/models/order/staff.server";
import { batchesForOrderLines } from "~/services/fulfilment.server";
import staffStyles from "~/styles/staff.css";
import { requireStaff } from "~/services/auth.server";
import { carrierName } from "~/utils/carriers";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { qrSvg, traceUrl } from "~/utils/qr.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: staffStyles }];

/**
 * The packing slip that goes in the box: what is in this parcel (one shipment with
 * ?shipment=<id>, else every unit still to ship) and a QR code per harvest batch that
 * leads the shopper to its traceability page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const number = orderNumberParam(params.number);
  const found = number ? await getStaffOrder(db(), { number }) : null;
  if (!found) throw notFound();
  const shipments = await shipmentsForOrder(db(), { orderId: found.order.id });
  const shipmentParam = new URL(request.url).searchParams.get("shipment");
  const shipment = shipmentParam && /^\d{1,9}$/.test(shipmentParam) ? shipments.find((s) => s.id === Number(shipmentParam)) : undefined;
  if (shipmentParam && !shipment) throw notFound();

  const batches = await batchesForOrderLines(db(), found.items);
  const lines = found.items
    .map((item) => {
      const units = shipment
        ? (shipment.items.find((shipped) => shipped.order_item_id === item.id)?.quantity ?? 0)
        : item.quantity - item.quantity_shipped;
      return { item, units, batch: batches.get(item.id) ?? null };
    })
    .filter((line) => line.units > 0);
  const codes = [...new Set(lines.flatMap((line) => (line.batch ? [line.batch.code] : [])))];
  const qr = Object.fromEntries(await Promise.all(codes.map(async (code) => [code, { url: traceUrl(code), shape: qrShapeFromSvg(await qrSvg(traceUrl(code))) }] as const)));
  const t = await getFixedT(await getLocale(request), "staff");
  return json(
    {
      order: {
        number: found.order.number,
        placed_at: found.order.placed_at,
        contact_name: found.order.contact_name,
        phone: found.order.phone,
        ship_province: found.order.ship_province,
        ship_city: found.order.ship_city,
        ship_district: found.order.ship_district,
        ship_street: found.order.ship_street,
        ship_postcode: found.order.ship_postcode,
        shipping_method: found.order.shipping_method,
      },
      shipment: shipment ? { id: shipment.id, carrier: shipment.carrier, tracking_number: shipment.tracking_number } : null,
      shipments: shipments.map((s) => ({ id: s.id, tracking_number: s.tracking_number })),
      lines: lines.map(({ item, units, batch }) => ({
        id: item.id,
        product_name_zh: item.product_name_zh,
        product_name_en: item.product_name_en,
        variant_label_zh: item.variant_label_zh,
        variant_label_en: item.variant_label_en,
        sku: item.sku,
        temperature_class: item.temperature_class,
        cooperative_name_zh: item.cooperative_name_zh,
        cooperative_name_en: item.cooperative_name_en,
        units,
        batch,
      })),
      qr,
      title: t("slip.title", { number: found.order.number }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Packing slip" }];

export default function PackingSlip() {
  const { order, shipment, shipments, lines, qr } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("staff");
  const locale = (i18n.language === "en" ? "en" : "zh") as Locale;
  const base = `/staff/orders/${encodeURIComponent(order.number)}`;
  return (
    <article className="packing-slip" aria-labelledby="slip-title">
      <div className="no-print staff-actions">
        <Link to={base}>{t("slip.back")}</Link>
        {shipments.length > 0 ? (
          <nav aria-label={t("slip.which")} className="staff-actions">
            <Link to={`${base}/slip`}>{t("slip.remaining")}</Link>
            {shipments.map((s) => (
              <Link key={s.id} to={`${base}/slip?shipment=${s.id}`}>{s.tracking_number}</Link>
            ))}
          </nav>
        ) : null}
        <p className="muted">{t("slip.printHint")}</p>
      </div>
      <header className="packing-slip__head">
        <div>
          <p className="packing-slip__shop">{t("slip.shop")}</p>
          <h1 id="slip-title">{t("slip.title", { number: order.number })}</h1>
          <p>{t("slip.placed", { when: formatDateTime(order.placed_at, locale) })}</p>
          {shipment ? <p>{carrierName(shipment.carrier, locale)} <strong>{shipment.tracking_number}</strong></p> : <p>{t("slip.remainingNote")}</p>}
        </div>
        <address className="packing-slip__address">
          <strong>{order.contact_name}</strong> {order.phone}
          <br />
          {order.ship_province} {order.ship_city} {order.ship_district}
          <br />
          {order.ship_street} {order.ship_postcode ?? ""}
          <br />
          {t(`shippingMethod.${order.shipping_method}`)}
        </address>
      </header>
      {lines.length === 0 ? (
        <p className="notice">{t("slip.nothing")}</p>
      ) : (
        <table className="table packing-slip__table">
          <thead>
            <tr>
              <th scope="col" className="packing-slip__tick">{t("slip.packed")}</th>
              <th scope="col">{t("order.product")}</th>
              <th scope="col">{t("order.sku")}</th>
              <th scope="col" className="num">{t("order.quantity")}</th>
              <th scope="col">{t("order.batch")}</th>
              <th scope="col">{t("slip.trace")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const code = line.batch?.code;
              const entry = code ? qr[code] : undefined;
              return (
                <tr key={line.id}>
                  <td className="packing-slip__tick"><span className="packing-slip__box" aria-hidden="true" /></td>
                  <td>
                    {localized(line, "product_name", locale)}
                    <br />
                    <span className="staff-small">{localized(line, "variant_label", locale)} · {t(`temperature.${line.temperature_class}`)} · {localized(line, "cooperative_name", locale)}</span>
                  </td>
                  <td><code>{line.sku}</code></td>
                  <td className="num"><strong>{line.units}</strong></td>
                  <td>
                    {line.batch ? (
                      <>
                        <code data-testid="slip-batch">{line.batch.code}</code>
                        <br />
                        <span className="staff-small">{t("order.bestBefore", { date: line.batch.best_before })}</span>
                        {line.batch.proposed ? <><br /><span className="staff-small muted">{t("slip.proposed")}</span></> : null}
                      </>
                    ) : (
                      <span className="muted">{t("slip.noBatch")}</span>
                    )}
                  </td>
                  <td>
                    {entry && code ? (
                      <figure className="packing-slip__qr">
                        <QrCode shape={entry.shape} label={t("slip.qrLabel", { code })} />
                        <figcaption className="staff-small">{entry.url}</figcaption>
                      </figure>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="packing-slip__thanks">{t("slip.thanks")}</p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
