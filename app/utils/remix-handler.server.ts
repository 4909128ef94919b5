import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { closeAfterAnswer, limitedBody } from "~/utils/request-body.server";

// Hands Express requests to Remix, as @remix-run/express does, with two differences: the
// request's URL carries the origin the client addressed (behind trusted proxies, the one they
// report, so links and checks built from `request.url` agree with the origin check), and the
// body arrives through the size limit of its route.

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  /** `scheme://host` of the request. */
  origin: (req: ExpressRequest) => string;
}

/**
 * The request's headers for Remix. Host is the host of the request's URL, and X-Forwarded-Host
 * is dropped: that is what the URL was built from already. Remix refuses an action (with a
 * 500) whose Origin names another host than Host; the origin check has judged Origin by then
 * (against PUBLIC_URL and the origin the request was addressed to, or the route is a webhook
 * that proves itself otherwise), so an Origin it let through but that names another host
 * (PUBLIC_URL's, behind a proxy that rewrites Host) is not handed on.
 */
function remixHeaders(req: ExpressRequest, url: URL): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  headers.set("host", url.host);
  headers.delete("x-forwarded-host");
  const origin = headers.get("origin");
  let originHost: string | null = null;
  try {
    originHost = origin && origin !== "null" ? new URL(origin).host : null;
  } catch {
    // not a URL: not ours either
  }
  if (origin !== null && originHost !== url.host) headers.delete("origin");
  return headers;
}

export function remixHandler({ build, mode, getLoadContext, origin }: RemixHandlerOptions): RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      let body: ReadableStream<Uint8Array> | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        const limited = limitedBody(req, res);
        if (!limited) return; // refused by its declared length, before a byte was read
        body = createReadableStreamFromReadable(limited);
      }
      // Loaders and actions are aborted once no answer can be written any more.
      let controller: AbortController | null = new AbortController();
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const url = new URL(`${origin(req)}${req.originalUrl}`);
      const request = new Request(url.href, {
        method: req.method,
        headers: remixHeaders(req, url),
        signal: controller.signal,
        ...(body ? { body, duplex: "half" } : {}),
      } as RequestInit);
      const response = await handleRequest(request, getLoadContext(req, res));
      // The body passed its limit while the route ran: the 413 has been answered already.
      if (res.locals.bodyRefused) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      // Answered before the body was read to its end: the rest is not read for the next request.
      if (body && !req.readableEnded) closeAfterAnswer(req, res);
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      if (res.locals.bodyRefused) return;
      next(error);
    }
  };
}
