import type { ReactNode } from "react";

/**
 * A box that scrolls sideways when its content (a wide table) does not fit, as on a phone. It
 * takes keyboard focus so the part out of view can be reached without a pointer (WCAG 2.1.1;
 * axe's scrollable-region-focusable), and is a named region when given a label.
 */
export function ScrollBox({ className = "table-scroll", label, children }: { className?: string; label?: string; children: ReactNode }) {
  return (
    <div className={className} tabIndex={0} role={label ? "region" : undefined} aria-label={label}>
      {children}
    </div>
  );
}
