import http from "node:http";
import type { AddressInfo } from "node:net";
import type { CapturedResponse } from "./http";

/**
 * The yardstick: a bare node:http server answering, for each registered URL, the exact
 * bytes (status, content type, content encoding, ETag) the app answered for it. Whatever
 * a row loses against this is the app's own cost: routing, queries, rendering, compression.
 */
export class BaselineServer {
  #responses: CapturedResponse[] = [];
  #server = http.createServer((request, response) => {
    const index = Number(/^\/r\/(\d+)$/.exec(request.url ?? "")?.[1] ?? -1);
    const captured = this.#responses[index];
    if (!captured) {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string | number> = {};
    for (const name of ["content-type", "content-encoding", "etag", "cache-control", "vary"]) {
      const value = captured.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    if (captured.status !== 304) headers["content-length"] = captured.body.length;
    response.writeHead(captured.status, headers);
    response.end(captured.status === 304 ? undefined : captured.body);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Registers a captured response; returns the path that answers it. */
  serve(response: CapturedResponse): string {
    this.#responses.push(response);
    return `/r/${this.#responses.length - 1}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}
