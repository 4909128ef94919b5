// What the HTTP server hands to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The nonce the Content-Security-Policy of this response allows scripts with. */
    cspNonce: string;
    /** The client's address, taking TRUST_PROXY_HOPS proxies into account. */
    clientAddress: string;
  }
}

export {};
