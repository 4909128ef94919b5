import { Link } from "@remix-run/react";

/** A section title with an optional "view all" link beside it. */
export function SectionHeading({ id, title, lead, link }: { id: string; title: string; lead?: string; link?: { to: string; label: string } }) {
  return (
    <div className="section-heading">
      <div>
        <h2 id={id}>{title}</h2>
        {lead ? <p className="muted section-heading__lead">{lead}</p> : null}
      </div>
      {link ? (
        <Link to={link.to} className="section-heading__link">
          {link.label} <span aria-hidden="true">→</span>
        </Link>
      ) : null}
    </div>
  );
}
