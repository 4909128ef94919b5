import type { ComponentProps } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

// The keyset paging of a result list: back to the first page once past it, and on to the next
// page while there is one. Plain links, so it pages without JavaScript.

export function KeysetPagination({
  page,
  namespace,
  nextTestId,
  prefetch,
}: {
  page: { firstPage: string; nextPage: string | null; onLaterPage: boolean };
  /** The page's locale namespace; it has `search.pagination`, `search.firstPage` and `search.nextPage`. */
  namespace: "catalogue" | "stays";
  nextTestId?: string;
  prefetch?: ComponentProps<typeof Link>["prefetch"];
}) {
  const { t } = useTranslation(namespace);
  const { firstPage, nextPage, onLaterPage } = page;
  if (!nextPage && !onLaterPage) return null;
  return (
    <nav className="pagination" aria-label={t("search.pagination")}>
      {onLaterPage ? (
        <Link to={firstPage} className="button button--ghost">
          {t("search.firstPage")}
        </Link>
      ) : null}
      {nextPage ? (
        <Link to={nextPage} className="button" rel="next" prefetch={prefetch} data-testid={nextTestId}>
          {t("search.nextPage")} <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </nav>
  );
}
