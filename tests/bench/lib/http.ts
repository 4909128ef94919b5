import http from "node:http";
import { gunzipSync } from "node:zlib";

export interface CapturedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire (still compressed when content-encoding says so). */
  body: Buffer;
}

/** Every load row and its baseline ask for gzip, as browsers do: the same bytes are compared. */
export const LOAD_HEADERS: Record<string, string> = { "accept-encoding": "gzip", "accept-language": "zh-CN,zh;q=0.9" };

/** A GET that keeps the raw bytes: fetch() would decompress them. */
export function rawGet(url: string, headers: Record<string, string> = LOAD_HEADERS): Promise<CapturedResponse> {
  return rawRequest(url, { method: "GET", headers });
}

export function rawRequest(
  url: string,
  { method, headers, body }: { method: string; headers: Record<string, string>; body?: string },
): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.setTimeout(60_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.end(body);
  });
}

/** The body as text, decompressed when it came gzipped. */
export function bodyText(response: CapturedResponse): string {
  const encoding = String(response.headers["content-encoding"] ?? "");
  return (encoding === "gzip" ? gunzipSync(response.body) : response.body).toString("utf8");
}

function decodeEntities(href: string): string {
  return href.replace(/&amp;/g, "&").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
}

/** The "next page" link of a listing: `<link rel="next">`, an `<a rel="next">`, else the first `cursor=` link. */
export function nextPageHref(html: string): string | null {
  for (const tag of html.match(/<(?:a|link)\b[^>]*>/g) ?? []) {
    if (/\brel="[^"]*\bnext\b[^"]*"/.test(tag)) {
      const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
      if (href) return decodeEntities(href);
    }
  }
  const cursorLink = /\bhref="([^"]*[?&](?:amp;)?cursor=[^"]*)"/.exec(html)?.[1];
  return cursorLink ? decodeEntities(cursorLink) : null;
}

/** Follows "next" links `pages` times from `start` and returns the last page's URL (path and query). */
export async function followNextLinks(origin: string, start: string, pages: number): Promise<string> {
  let path = start;
  for (let i = 0; i < pages; i++) {
    const response = await rawGet(origin + path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status} after ${i} pages`);
    const next = nextPageHref(bodyText(response));
    if (!next) throw new Error(`page ${i + 1} (${path}) has no "next" link`);
    path = new URL(next, origin + path).pathname + new URL(next, origin + path).search;
  }
  return path;
}
