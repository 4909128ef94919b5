import { Link } from "@remix-run/react";

export interface Crumb {
  name: string;
  /** Site path; the last crumb (the current page) has none. */
  to?: string;
}

export function Breadcrumbs({ trail, label }: { trail: readonly Crumb[]; label: string }) {
  return (
    <nav className="breadcrumbs" aria-label={label}>
      <ol>
        {trail.map((crumb, index) => (
          <li key={`${index}-${crumb.name}`}>
            {crumb.to && index < trail.length - 1 ? <Link to={crumb.to}>{crumb.name}</Link> : <span aria-current="page">{crumb.name}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
