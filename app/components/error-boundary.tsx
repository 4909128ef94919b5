import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The one error page. Known HTTP errors (404, 403, 400…) explain themselves; anything
 * else is a generic apology: the visitor never sees a stack trace.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Only our own 400 answers carry a message meant for the visitor.
  const detail = isRouteErrorResponse(error) && status === 400 && typeof error.data === "string" ? error.data : null;
  const key = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 429 ? "tooMany" : status === 405 ? "methodNotAllowed" : status === 413 ? "tooLarge" : status < 500 ? "badRequest" : "serverError";
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-page__status">{status}</p>
      <h1 id="error-title">{t(`errors.${key}.title`)}</h1>
      <p>{detail ?? t(`errors.${key}.body`)}</p>
      <p>
        <Link to="/" className="button">{t("errors.home")}</Link>{" "}
        <Link to="/products" className="button button--ghost">{t("errors.browse")}</Link>
      </p>
    </section>
  );
}
