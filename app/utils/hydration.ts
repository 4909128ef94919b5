import { useMatches } from "@remix-run/react";
import { useSyncExternalStore } from "react";

/** What a route module may say about itself through `export const handle`. */
export interface RouteHandle {
  /** false: the page is sent as HTML only, without the app's scripts (see `htmlOnlyPage`). */
  hydrate?: boolean;
}

/**
 * For pages made of links and plain forms (home, catalogue, product, cooperatives, trace):
 * every link and form on them works as HTML, so a phone downloads, parses and runs no
 * JavaScript to read them; the cart, checkout, account and back office still hydrate.
 */
export const htmlOnlyPage: RouteHandle = { hydrate: false };

/** Whether the document being rendered loads the app's scripts. */
export function usePageHydrates(): boolean {
  return useMatches().every((match) => (match.handle as RouteHandle | undefined)?.hydrate !== false);
}

const subscribeToNothing = () => () => {};

/** false in the server's HTML and during hydration, true once React runs in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
