import { randomBytes } from "node:crypto";

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

interface HeaderOptions {
  nonce: string;
  /** Served over HTTPS (PUBLIC_URL is https in production): adds HSTS and upgrades stray http: loads. */
  https: boolean;
  /** `remix dev` only: allow its live-reload socket. */
  development?: boolean;
  /** Origins a form may post or redirect to besides our own (the payment page). */
  formActionOrigins: string[];
  /** The request's path: decides whether the shop's own pages may frame the response. */
  path?: string;
}

// The only responses a page may frame: a brand's or certificate's document, which the staff
// review page embeds (PDF in an iframe). Only our own pages may, and nothing else ever.
const FRAMEABLE_PATHS = [/^\/staff\/reviews\/document\/(?:brand|certification)\/\d{1,9}$/];

export function frameableByShop(path: string | undefined): boolean {
  return path !== undefined && FRAMEABLE_PATHS.some((pattern) => pattern.test(path));
}

/**
 * The headers every response carries (pages, data, JSON, static files, errors). Scripts run
 * only with this response's nonce: Remix puts it on every inline and module script it
 * renders, and 'strict-dynamic' extends trust to the modules those import, so no host
 * allow-list is needed and an injected <script> without the nonce never runs.
 */
export function securityHeaders({ nonce, https, development = false, formActionOrigins, path }: HeaderOptions): Record<string, string> {
  const frameable = frameableByShop(path);
  const csp = [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    // Style attributes (fixed aspect ratios, chart sizes) need inline styles; no script can be injected through them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    `form-action 'self' ${formActionOrigins.join(" ")}`.trim(),
    `frame-ancestors ${frameable ? "'self'" : "'none'"}`,
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": frameable ? "SAMEORIGIN" : "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // Nothing here uses these devices; `payment` stays ours for a future Payment Request button.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=(), payment=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** The client's address: the socket's, or the one `hops` trusted proxies reported. */
export function clientAddress(forwardedFor: string | undefined, socketAddress: string | undefined, hops: number): string {
  if (hops > 0 && forwardedFor) {
    const chain = forwardedFor.split(",").map((part) => part.trim()).filter(Boolean);
    const candidate = chain[chain.length - hops];
    if (candidate) return candidate;
  }
  return socketAddress ?? "unknown";
}
