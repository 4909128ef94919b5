import type { RequestHandler } from "express";

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
  /** How many proxies in front of us are trusted to report the original scheme (X-Forwarded-Proto). */
  trustProxyHops: number;
}

/** Express middleware: 403 for a cross-site (or unlabelled) state-changing request. */
export function originCheck({ publicUrl, trustProxyHops }: OriginCheckOptions): RequestHandler {
  return (req, res, next) => {
    const host = req.get("host");
    const allowedOrigins = [publicUrl];
    if (host) {
      allowedOrigins.push(`${req.protocol}://${host}`);
      const forwardedProto = req.get("x-forwarded-proto")?.split(",").pop()?.trim();
      if (trustProxyHops > 0 && (forwardedProto === "https" || forwardedProto === "http")) allowedOrigins.push(`${forwardedProto}://${host}`);
    }
    const verdict = judgeRequestOrigin({ method: req.method, url: req.originalUrl, origin: req.get("origin"), referer: req.get("referer"), allowedOrigins });
    if (verdict === "allowed" || verdict === "exempt") return next();
    res.status(403).type("text/plain; charset=utf-8").send("Forbidden: this request did not come from a page of this site.");
  };
}
