import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { Transform } from "node:stream";
import { defaultLocale } from "~/i18n";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, MAX_IMPORT_BYTES } from "~/utils/upload-limits";

// What the server accepts before any route runs: which methods, and how large a body, per
// class of route. A body is never buffered to find out it is too large: a declared
// Content-Length over the limit is refused before a byte is read, and a body without one
// (chunked) is counted as it streams and cut off the moment it passes the limit.

/** The methods this site serves; anything else (TRACE, PUT, DELETE…) is a 405. */
export const SERVED_METHODS = ["GET", "HEAD", "POST"] as const;

const KIB = 1024;
const MIB = 1024 * KIB;

/** Ordinary forms: sign-in, cart, checkout, account, cooperative and staff forms. */
export const FORM_BODY_LIMIT = 256 * KIB;
/** Payment and carrier notifications. */
export const WEBHOOK_BODY_LIMIT = 1 * MIB;

// Upload routes accept what `parseUploadForm` accepts there (twice the file limit, so an
// oversized file can be read to its end and reported, plus the text fields); past that the
// body is refused here already.
const uploadLimit = (maxFileBytes: number, maxParts: number, maxFieldBytes: number) => maxFileBytes * 2 + maxParts * maxFieldBytes;
const UPLOAD_ROUTES: [RegExp, number][] = [
  [/^\/coop\/products\/[^/]+\/images$/, uploadLimit(MAX_IMAGE_BYTES, 12, 8 * KIB)],
  [/^\/coop\/stays\/[^/]+\/images$/, uploadLimit(MAX_IMAGE_BYTES, 12, 8 * KIB)],
  [/^\/coop\/(?:brands|certifications)$/, uploadLimit(MAX_DOCUMENT_BYTES, 16, 4 * KIB)],
  [/^\/coop\/import$/, uploadLimit(MAX_IMPORT_BYTES, 4, KIB)],
  // Up to six review photos (see routes/account.reviews.tsx).
  [/^\/account\/reviews$/, MAX_IMAGE_BYTES * 6 * 2 + 12 * 4 * KIB],
];

/** The path as the router will see it: dot segments resolved, lower case, no trailing slash. */
function routedPath(target: string): string {
  let pathname: string;
  try {
    pathname = new URL(target, "http://path.invalid").pathname;
  } catch {
    return "";
  }
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    // left encoded: it then matches no upload route and gets the smallest limit
  }
  return pathname.toLowerCase().replace(/\/+$/, "") || "/";
}

/** The largest body a request to this target may carry. */
export function bodyLimitFor(target: string): number {
  const path = routedPath(target);
  if (path.startsWith("/webhooks/")) return WEBHOOK_BODY_LIMIT;
  for (const [pattern, limit] of UPLOAD_ROUTES) if (pattern.test(path)) return limit;
  return FORM_BODY_LIMIT;
}

/** The error a request body stream fails with once it passes its limit. */
export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

// ------------------------------------------------------------------ answers

const REFUSAL_KEYS = { 405: "methodNotAllowed", 413: "tooLarge" } as const;

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A short page for the refusals answered before any route runs, in the visitor's language. */
async function refusalPage(req: ExpressRequest, status: keyof typeof REFUSAL_KEYS): Promise<string> {
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  const locale = await getLocale(new Request(new URL(req.originalUrl, "http://path.invalid"), { headers })).catch(() => defaultLocale);
  const t = await getFixedT(locale, "common");
  const key = REFUSAL_KEYS[status];
  return (
    `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(t(`errors.${key}.title`))}</title></head><body><main class="error-page"><p>${status}</p>` +
    `<h1>${escapeHtml(t(`errors.${key}.title`))}</h1><p>${escapeHtml(t(`errors.${key}.body`))}</p>` +
    `<p><a href="/">${escapeHtml(t("errors.home"))}</a></p></main></body></html>`
  );
}

function sendRefusal(req: ExpressRequest, res: ExpressResponse, status: keyof typeof REFUSAL_KEYS, headers: Record<string, string>): void {
  res.status(status).set(headers);
  refusalPage(req, status).then(
    (page) => res.type("html").send(page),
    () => res.type("text").send(String(status)),
  );
}

/** 405 with an Allow header for a method the site does not serve, before anything else looks at it. */
export function methodGate(): RequestHandler {
  return (req, res, next) => {
    if ((SERVED_METHODS as readonly string[]).includes(req.method)) return next();
    sendRefusal(req, res, 405, { Allow: SERVED_METHODS.join(", ") });
  };
}

// After a 413 the connection is closed ("Connection: close", so no client sends another
// request on it), but not at once: the rest of the body is read and thrown away for a moment
// first. Closing a socket with unread bytes resets it, and a reset can destroy the 413 before
// the sender has read it.
const LINGER_MS = 2_000;
const LINGER_BYTES = 16 * MIB;

function lingerThenClose(req: ExpressRequest): void {
  const socket = req.socket;
  let drained = 0;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER_MS).unref();
  socket.once("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > LINGER_BYTES) close();
  });
  req.resume();
}

/**
 * Answers 413; the body is not read any further (what arrives meanwhile is thrown away, and
 * the connection closed soon after).
 */
export function refuseTooLarge(req: ExpressRequest, res: ExpressResponse): void {
  if (res.locals.bodyRefused) return;
  res.locals.bodyRefused = true;
  req.unpipe();
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  req.pause();
  closeAfterAnswer(req, res);
  sendRefusal(req, res, 413, {});
}

/**
 * For an answer sent before the body was read to its end (refused, or a route that did not
 * need it): the connection closes after it, lingering first. Node ends a "Connection: close"
 * response by destroying the socket as soon as the answer is written; this one ends its side
 * only, and reads on for a moment.
 */
export function closeAfterAnswer(req: ExpressRequest, res: ExpressResponse): void {
  req.unpipe();
  res.setHeader("Connection", "close");
  const socket = req.socket as typeof req.socket & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    lingerThenClose(req);
  };
}

/**
 * The request body for Remix, limited: a declared length over the limit is refused at once
 * (null, 413 already sent); otherwise the bytes pass through a counter that fails the stream
 * with BodyTooLargeError and answers 413 as soon as they pass the limit.
 */
export function limitedBody(req: ExpressRequest, res: ExpressResponse): Transform | null {
  const limit = bodyLimitFor(req.originalUrl);
  const declared = Number(req.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > limit) {
    refuseTooLarge(req, res);
    return null;
  }
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen <= limit) return callback(null, chunk);
      refuseTooLarge(req, res);
      callback(new BodyTooLargeError(limit));
    },
  });
  req.once("error", (error) => counter.destroy(error));
  return req.pipe(counter);
}
