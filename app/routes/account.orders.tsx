import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatChinaTime } from "~/components/order/format";
import { ReorderResultNotice } from "~/components/order/reorder-result";
import { listUserOrders } from "~/models/order/history.server";
import { reorderIntoCart } from "~/services/reorder.server";
import ordersStyles from "~/styles/orders.css";
import { requireUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { encodeOrderHistoryCursor, orderHistoryCursor, reorderForm } from "~/utils/order-params.server";
import { formatFen } from "~/utils/money";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "orders");
  const rawCursor = new URL(request.url).searchParams.get("cursor");
  const cursor = rawCursor ? orderHistoryCursor.safeParse(rawCursor) : null;
  if (cursor && !cursor.success) throw new Response("Bad cursor", { status: 400 });
  const { orders, next } = await listUserOrders(db(), { userId: user.id, after: cursor?.data ?? null });
  return json(
    {
      title: t("account.orders.title"),
      locale,
      email: user.email,
      paged: Boolean(cursor),
      next: next ? encodeOrderHistoryCursor(next) : null,
      orders: orders.map((order) => ({
        id: order.id,
        number: order.number,
        status: order.status,
        paymentStatus: order.paymentStatus,
        placedAt: new Date(order.placedAt).toISOString(),
        totalFen: order.totalFen,
        itemCount: order.itemCount,
        preview: order.preview,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = reorderForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ error: "Unknown action" } as const, { status: 400 });
  const result = await reorderIntoCart(db(), { userId: user.id, orderId: parsed.data.orderId });
  // Someone else's order looks exactly like one that does not exist.
  if (!result) throw notFound();
  return json({ orderId: parsed.data.orderId, reorder: { added: result.added, unavailable: result.unavailable } });
}

export default function AccountOrders() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  const name = (item: { nameZh: string; nameEn: string; labelZh: string; labelEn: string }) => (data.locale === "zh" ? `${item.nameZh}（${item.labelZh}）` : `${item.nameEn} (${item.labelEn})`);

  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">{t("account.orders.title")}</h1>
      <p className="account-links">
        <Link to="/account/addresses">{t("account.orders.addressesLink")}</Link>
        <Link to="/account/claim">{t("account.orders.claimHint", { email: data.email })}</Link>
      </p>
      {actionData && "reorder" in actionData ? <ReorderResultNotice result={actionData.reorder} locale={data.locale} /> : null}
      {data.orders.length === 0 && !data.paged ? (
        <div className="card">
          <p>{t("account.orders.empty")}</p>
          <Link to="/products" className="button">{t("account.orders.browse")}</Link>
        </div>
      ) : (
        <ol className="order-history" data-testid="order-history">
          {data.orders.map((order) => (
            <li key={order.id} className="card order-history__item" data-testid="order-history-item">
              <span className="order-history__number">{order.number}</span>
              <span className={`badge${order.status === "cancelled" ? " badge--muted" : ""}`}>{t(`status.${order.status}`)}</span>
              <p className="order-history__meta">
                <time dateTime={order.placedAt}>{formatChinaTime(order.placedAt, data.locale)}</time>
                {" · "}
                {t("account.orders.itemCount", { count: order.itemCount })}
                {" · "}
                <strong>{formatFen(order.totalFen)}</strong>
                <br />
                {order.preview.map(name).join(data.locale === "zh" ? "、" : ", ")}
              </p>
              <div className="order-history__actions">
                <Link to={`/orders/${order.number}`} className="button" aria-label={t("account.orders.viewLabel", { number: order.number })}>
                  {t("account.orders.view")}
                </Link>
                {order.status !== "pending_payment" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="reorder" />
                    <input type="hidden" name="orderId" value={order.id} />
                    <SubmitButton intent="reorder" pendingFor={{ orderId: String(order.id) }} className="button--ghost" aria-label={t("account.orders.reorderLabel", { number: order.number })} pendingText={t("tracking.reorder.pending")}>
                      {t("tracking.reorder.button")}
                    </SubmitButton>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      <nav className="pager" aria-label={t("account.orders.title")}>
        {data.paged ? <Link to="/account/orders">{t("account.orders.newer")}</Link> : <span />}
        {data.next ? <Link to={`/account/orders?cursor=${data.next}`}>{t("account.orders.older")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
