import { useEffect, useRef, type ReactNode } from "react";
import { NavLink, Outlet, useLocation } from "@remix-run/react";

export type PortalLink = { to: string; label: string; end?: boolean };

/**
 * The back-office frame shared by the cooperative portal and the staff pages: one compact bar
 * with the portal's title and its navigation (which scrolls sideways on a phone rather than
 * wrapping), anything particular to that portal on a thin line below, then the child route.
 */
export function PortalShell({ variant, titleId, title, links, children }: {
  variant: "coop" | "staff";
  titleId: string;
  title: string;
  links: readonly PortalLink[];
  /** Rendered under the bar's navigation (the portal's context, such as the active cooperative). */
  children?: ReactNode;
}) {
  const nav = useRef<HTMLElement>(null);
  const location = useLocation();
  // On a phone the current page's link may sit past the right edge of the scrolling nav: bring it into view.
  useEffect(() => {
    const active = nav.current?.querySelector<HTMLElement>("a.active");
    if (!nav.current || !active) return;
    const bar = nav.current.getBoundingClientRect();
    const link = active.getBoundingClientRect();
    if (link.left < bar.left || link.right > bar.right) nav.current.scrollLeft += link.left - bar.left - 16;
  }, [location.pathname]);
  return (
    <div className={`portal portal--${variant}`}>
      <div className="portal__bar">
        <div className="portal__row">
          <p className="portal__title" id={titleId}>{title}</p>
          <nav className="portal__nav" aria-labelledby={titleId} ref={nav} data-testid="portal-nav">
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end}>{link.label}</NavLink>
            ))}
          </nav>
        </div>
        {children ? <div className="portal__extra">{children}</div> : null}
      </div>
      <div className="portal__body">
        <Outlet />
      </div>
    </div>
  );
}
