import type { ComponentProps } from "react";
import { Link } from "@remix-run/react";

// The keyset paging of a result list: back to the first page once past it, and on to the next
// page while there is one. Plain links, so it pages without JavaScript.

export function KeysetPagination({
  firstPage,
  nextPage,
  onLaterPage,
  labels,
  nextTestId,
  prefetch,
}: {
  firstPage: string;
  nextPage: string | null;
  onLaterPage: boolean;
  labels: { nav: string; first: string; next: string };
  nextTestId?: string;
  prefetch?: ComponentProps<typeof Link>["prefetch"];
}) {
  if (!nextPage && !onLaterPage) return null;
  return (
    <nav className="pagination" aria-label={labels.nav}>
      {onLaterPage ? (
        <Link to={firstPage} className="button button--ghost">
          {labels.first}
        </Link>
      ) : null}
      {nextPage ? (
        <Link to={nextPage} className="button" rel="next" prefetch={prefetch} data-testid={nextTestId}>
          {labels.next} <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </nav>
  );
}
