import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxField, Fieldset, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatChinaTime } from "~/components/order/format";
import { claimableOrdersFor, claimOrders, confirmEmailVerification, requestEmailVerification } from "~/services/guest-orders.server";
import ordersStyles from "~/styles/orders.css";
import { requireUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { claimForm, claimPageQuery } from "~/utils/order-params.server";
import { readForm } from "~/utils/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  { name: "robots", content: "noindex" },
  // The confirmation link's token must not leak through the Referer header.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "orders");
  const parsed = claimPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const search = parsed.success ? parsed.data : {};
  let invalidLink = !parsed.success;
  if (search.token) {
    // The link from the e-mail: confirm, then drop the token from the address bar.
    if (await confirmEmailVerification(db(), { user, token: search.token })) return redirect("/account/claim?verified=1", 303);
    invalidLink = true;
  }
  const claimable = await claimableOrdersFor(db(), { user });
  return json(
    {
      title: t("account.claim.title"),
      locale,
      email: user.email,
      verified: claimable !== null,
      justVerified: search.verified === "1" && claimable !== null,
      invalidLink,
      orders: (claimable ?? []).map((order) => ({
        id: order.id,
        number: order.number,
        placedAt: new Date(order.placedAt).toISOString(),
        totalFen: order.totalFen,
      })),
    },
    { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "send") {
    const outcome = await requestEmailVerification(db(), { user, locale: await getLocale(request) });
    return json({ intent, outcome } as const);
  }
  if (intent === "claim") {
    const parsed = claimForm.safeParse({ orderIds: form.getAll("orderId") });
    if (!parsed.success) return json({ intent, error: "nothingSelected" } as const, { status: 400 });
    const claimed = await claimOrders(db(), { user, orderIds: parsed.data.orderIds });
    if (claimed === null) return json({ intent, error: "unverified" } as const, { status: 403 });
    return json({ intent, claimed } as const);
  }
  return json({ intent: null, error: "unknown" } as const, { status: 400 });
}

export default function AccountClaim() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("orders");

  return (
    <section aria-labelledby="claim-title">
      <h1 id="claim-title">{t("account.claim.title")}</h1>
      <p>{t("account.claim.intro", { email: data.email })}</p>
      {data.invalidLink ? <p className="notice notice--error" role="alert">{t("account.claim.invalidLink")}</p> : null}
      {data.justVerified ? <p className="notice" role="status">{t("account.claim.verified")}</p> : null}
      {result?.intent === "claim" && "claimed" in result ? (
        <p className="notice" role="status" data-testid="claim-result">{t("account.claim.claimed", { count: result.claimed })}</p>
      ) : null}
      {result?.intent === "claim" && "error" in result && result.error === "nothingSelected" ? (
        <p className="notice notice--error" role="alert">{t("account.claim.nothingSelected")}</p>
      ) : null}

      {!data.verified ? (
        <div className="card">
          <p>{t("account.claim.verifyFirst", { email: data.email })}</p>
          {result?.intent === "send" && "outcome" in result ? (
            <p className="notice" role="status" data-testid="verification-sent">
              {result.outcome === "recently_sent" ? t("account.claim.sentRecently") : t("account.claim.sent", { email: data.email })}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="send" />
            <SubmitButton>{t("account.claim.send")}</SubmitButton>
          </Form>
        </div>
      ) : data.orders.length === 0 ? (
        <p className="card" data-testid="nothing-to-claim">{t("account.claim.none", { email: data.email })}</p>
      ) : (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="claim" />
          <Fieldset legend={t("account.claim.choose")} id="claim-orders">
            <ul className="claim-list">
              {data.orders.map((order) => (
                <li key={order.id}>
                  <CheckboxField
                    id={`claim-${order.id}`}
                    name="orderId"
                    value={order.id}
                    defaultChecked
                    label={t("account.claim.orderLabel", { number: order.number, date: formatChinaTime(order.placedAt, data.locale), total: formatFen(order.totalFen) })}
                  />
                </li>
              ))}
            </ul>
          </Fieldset>
          <SubmitButton>{t("account.claim.claim")}</SubmitButton>
        </Form>
      )}
      <p>
        <Link to="/account/orders">{t("account.claim.backToOrders")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
