import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { GuestLookupForm } from "~/components/guest-lookup-form";
import { bookingLookupSchema, lookupBookingNumber } from "~/schemas/bookings.server";
import { lookupGuestBooking } from "~/services/booking-guest.server";
import { guestLookupAction } from "~/services/guest-lookup.server";
import bookingsStyles from "~/styles/bookings.css";
import checkoutStyles from "~/styles/checkout.css";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// A guest who lost the booking link finds the booking by its number and the mobile number it
// was made with. The answer is the booking page through a fresh signed link (never the
// booking's own), or one message that does not say which of the two was wrong. Rate-limited
// per client and per booking number, like the order lookup.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: checkoutStyles },
  { rel: "stylesheet", href: bookingsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.metaTitle ?? "Find a booking" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(await getLocale(request), "bookings");
  const given = lookupBookingNumber.safeParse(new URL(request.url).searchParams.get("number") ?? "");
  return json({ metaTitle: t("lookup.metaTitle"), number: given.success ? given.data : "" }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action(args: ActionFunctionArgs) {
  return guestLookupAction(args, { schema: bookingLookupSchema, mobileField: "mobile", lookup: lookupGuestBooking });
}

export default function BookingLookupPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("bookings");
  return (
    <section className="booking-lookup" aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t("lookup.title")}</h1>
      <p>{t("lookup.intro")}</p>
      <GuestLookupForm namespace="bookings" mobileField="mobile" number={data.number} actionData={actionData} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
