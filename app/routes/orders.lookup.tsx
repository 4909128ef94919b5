import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GuestLookupForm } from "~/components/guest-lookup-form";
import { getOptionalUser } from "~/services/auth.server";
import { lookupGuestOrder } from "~/services/guest-orders.server";
import { guestLookupAction } from "~/services/guest-lookup.server";
import checkoutStyles from "~/styles/checkout.css";
import { lookupOrderNumber, orderLookupSchema } from "~/utils/order-lookup-schema.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// A guest who lost the order link finds the order by its number and the mobile number given
// at checkout. The answer is the order page itself, through a fresh 30-day link signed for
// this lookup (never the order's own link, never anything from the request), or one message
// that does not say which of the two was wrong.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkoutStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Find an order" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "orders");
  const user = await getOptionalUser(request);
  // `?number=` (from an order page's 404) fills the number in; anything else is dropped.
  const given = lookupOrderNumber.safeParse(new URL(request.url).searchParams.get("number") ?? "");
  return json(
    { metaTitle: t("lookup.metaTitle"), number: given.success ? given.data : "", signedIn: user !== null },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  return guestLookupAction(args, { schema: orderLookupSchema, mobileField: "phone", lookup: lookupGuestOrder });
}

export default function OrderLookupPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  return (
    <section className="order-lookup" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t("lookup.title")}</h1>
      <p>{t("lookup.intro")}</p>
      {data.signedIn ? (
        <p className="muted">
          {t("lookup.signedIn")} <Link to="/account/orders">{t("lookup.myOrders")}</Link>
        </p>
      ) : null}
      <GuestLookupForm namespace="orders" mobileField="phone" number={data.number} actionData={actionData} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
