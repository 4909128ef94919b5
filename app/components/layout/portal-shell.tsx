import type { ReactNode } from "react";
import { NavLink, Outlet } from "@remix-run/react";

export type PortalLink = { to: string; label: string; end?: boolean };

/**
 * The back-office frame shared by the cooperative portal and the staff pages: a bar with the
 * portal's title, anything particular to that portal, and its navigation, above the child route.
 */
export function PortalShell({ variant, titleId, title, links, children }: {
  variant: "coop" | "staff";
  titleId: string;
  title: string;
  links: readonly PortalLink[];
  /** Rendered in the bar between the title and the navigation. */
  children?: ReactNode;
}) {
  return (
    <div className={`portal portal--${variant}`}>
      <div className="portal__bar">
        <p className="portal__title" id={titleId}>{title}</p>
        {children}
        <nav className="portal__nav" aria-labelledby={titleId}>
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end}>{link.label}</NavLink>
          ))}
        </nav>
      </div>
      <div className="portal__body">
        <Outlet />
      </div>
    </div>
  );
}
