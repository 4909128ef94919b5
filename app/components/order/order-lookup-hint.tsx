import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";

/**
 * The order page's error page: a 404 (no such order, or no valid link) also points a guest
 * to the lookup by order number and mobile number, with the number filled in.
 */
export function OrderErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const { t } = useTranslation("orders");
  if (!isRouteErrorResponse(error) || error.status !== 404) return <GeneralErrorBoundary />;
  const number = typeof params.number === "string" && /^SS\d{12}$/.test(params.number) ? params.number : null;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__status">404</p>
      <h1 id="error-title">{t("lookup.notFound.title")}</h1>
      <p>{t("lookup.notFound.body")}</p>
      <p>
        <Link to={number ? `/orders/lookup?${new URLSearchParams({ number })}` : "/orders/lookup"} className="button" data-testid="order-lookup-link">
          {t("lookup.notFound.link")}
        </Link>
      </p>
    </section>
  );
}
