import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nOptions, type Locale } from "~/i18n";
import { resources } from "~/locales";
import { getLocale } from "~/utils/i18n.server";
import { NonceProvider } from "~/utils/nonce";

// Initialising i18next with every string took longer than rendering some pages: it is done
// once per language, and each request gets a cheap clone sharing the strings.
const baseInstances = new Map<Locale, Promise<i18n>>();
function baseInstance(locale: Locale): Promise<i18n> {
  let instance = baseInstances.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init(i18nOptions(locale, resources))
      .then(() => created);
    baseInstances.set(locale, instance);
  }
  return instance;
}

/**
 * Pages load everything before rendering (no `defer`), so there is nothing to stream: the
 * document is rendered to one string and sent with a Content-Length. That skips a stream per
 * request and the abort timer a stream needs, and lets compression work on the whole page.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // A clone per request (it records the namespaces this page uses) of one instance per language.
  const i18n = (await baseInstance(await getLocale(request))).cloneInstance();
  const markup = renderToString(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${markup}`, { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  // Aborted requests and answers we threw on purpose (404, 403…) are not server errors.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  console.error(error);
}
