import type { Request, RequestHandler } from "express";

/**
 * Cross-site request protection. A state-changing request (anything but GET, HEAD, OPTIONS)
 * must say it comes from one of our own pages: its `Origin` header, or failing that its
 * `Referer`, must be this site's origin. Browsers set both themselves and no page can forge
 * them, so a form on another site posting here is refused before Remix runs. A request with
 * neither header is refused too: every browser sends Origin on a POST, so only a stripped or
 * scripted request lacks it. Webhooks (`/webhooks/*`) come from payment and carrier servers
 * and prove themselves with signatures instead.
 *
 * GET, HEAD and OPTIONS are let through because no route changes state on them.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PREFIXES = ["/webhooks/"];

export interface OriginCheckInput {
  method: string;
  /** The request target as received (`/path?query`). */
  url: string;
  origin: string | undefined;
  referer: string | undefined;
  /** Origins this site is reached at: PUBLIC_URL's and the request's own scheme + Host. */
  allowedOrigins: string[];
}

function originOf(value: string | undefined): string | null {
  if (!value || value === "null") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** The path Remix will route, as the URL parser normalises it (dot segments, encoded dots). */
function routedPath(target: string): string {
  try {
    return new URL(target, "http://path.invalid").pathname.toLowerCase();
  } catch {
    return "";
  }
}

export type OriginVerdict = "allowed" | "exempt" | "cross-origin" | "missing";

export function judgeRequestOrigin({ method, url, origin, referer, allowedOrigins }: OriginCheckInput): OriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase())) return "allowed";
  const path = routedPath(url);
  if (EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix))) return "exempt";
  const allowed = new Set(allowedOrigins.map((o) => originOf(o)).filter((o): o is string => o !== null));
  // Origin wins when present, even if a Referer would have passed.
  if (origin !== undefined) return allowed.has(originOf(origin) ?? "") ? "allowed" : "cross-origin";
  if (referer !== undefined) return allowed.has(originOf(referer) ?? "") ? "allowed" : "cross-origin";
  return "missing";
}

export interface OriginCheckOptions {
  publicUrl: string;
  /** How many proxies in front of us are trusted to report the original scheme and host (X-Forwarded-Proto, X-Forwarded-Host). */
  trustProxyHops: number;
}

/**
 * The value a header of the `X-Forwarded-*` kind carries from the outermost trusted proxy:
 * each proxy appends its own, so with `hops` trusted proxies it is the `hops`-th from the
 * right (or the leftmost when fewer are listed). Without trusted proxies, nothing.
 */
export function forwardedValue(header: string | undefined, hops: number): string | undefined {
  if (hops <= 0 || !header) return undefined;
  const values = header.split(",").map((part) => part.trim()).filter(Boolean);
  return values[Math.max(0, values.length - hops)];
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export interface RequestOriginInput {
  /** The connection's own scheme. */
  protocol: "http" | "https";
  host: string | undefined;
  forwardedProto: string | undefined;
  forwardedHost: string | undefined;
  trustProxyHops: number;
  /** Used when the Host header is missing or not a host name. */
  publicUrl: string;
}

/**
 * The origin the client addressed: the connection's scheme and Host header, or behind
 * `trustProxyHops` trusted proxies the scheme and host they report. Every place that needs
 * the request's own origin (the origin check, the URL Remix routes and builds links with)
 * asks this, so they always agree.
 */
export function requestOrigin({ protocol, host, forwardedProto, forwardedHost, trustProxyHops, publicUrl }: RequestOriginInput): string {
  let scheme: string = protocol;
  let authority = host && HOST.test(host) ? host : undefined;
  const proto = forwardedValue(forwardedProto, trustProxyHops)?.toLowerCase();
  if (proto === "http" || proto === "https") scheme = proto;
  const forwarded = forwardedValue(forwardedHost, trustProxyHops);
  if (forwarded && HOST.test(forwarded)) authority = forwarded;
  if (!authority) return new URL(publicUrl).origin;
  try {
    return new URL(`${scheme}://${authority}`).origin;
  } catch {
    return new URL(publicUrl).origin;
  }
}

/** The request's origin as `requestOrigin` judges it, from an Express request. */
export function expressRequestOrigin(req: Request, { publicUrl, trustProxyHops }: OriginCheckOptions): string {
  return requestOrigin({
    protocol: (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http",
    host: req.get("host"),
    forwardedProto: req.get("x-forwarded-proto"),
    forwardedHost: req.get("x-forwarded-host"),
    trustProxyHops,
    publicUrl,
  });
}

/** Express middleware: 403 for a cross-site (or unlabelled) state-changing request. */
export function originCheck(options: OriginCheckOptions): RequestHandler {
  return (req, res, next) => {
    const allowedOrigins = [options.publicUrl, expressRequestOrigin(req, options)];
    const verdict = judgeRequestOrigin({ method: req.method, url: req.originalUrl, origin: req.get("origin"), referer: req.get("referer"), allowedOrigins });
    if (verdict === "allowed" || verdict === "exempt") return next();
    res.status(403).type("text/plain; charset=utf-8").send("Forbidden: this request did not come from a page of this site.");
  };
}
