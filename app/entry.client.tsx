import { RemixBrowser } from "@remix-run/react";
import i18next, { type BackendModule, type ResourceLanguage } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nOptions, isLocale, defaultLocale, type Locale } from "~/i18n";
import { namespaceLoaders } from "~/locales/loaders";

async function loadNamespace(lng: Locale, namespace: string): Promise<ResourceLanguage[string] | undefined> {
  const load = namespaceLoaders[lng][namespace];
  return load ? ((await load()).default as ResourceLanguage[string]) : undefined;
}

// Strings the first render did not need (a later page's, the other language's) arrive on demand.
const namespacesOnDemand: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    loadNamespace(isLocale(language) ? language : defaultLocale, namespace).then(
      (strings) => callback(null, strings ?? {}),
      (error: Error) => callback(error, null),
    );
  },
};

/** Later, when the page has nothing else to do, unless the visitor asked to save data. */
function whenIdle(work: () => void) {
  if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  if ("requestIdleCallback" in window) window.requestIdleCallback(work, { timeout: 5000 });
  else setTimeout(work, 2000);
}

async function hydrate() {
  const lang = document.documentElement.lang;
  const lng = isLocale(lang) ? lang : defaultLocale;
  const all = Object.keys(namespaceLoaders[lng]);
  // The namespaces the server rendered with (components/layout/i18n-namespaces.tsx); all of them when unknown.
  const listed = document.querySelector<HTMLElement>("[data-i18n-namespaces]")?.dataset.i18nNamespaces?.split(" ") ?? [];
  const initial = listed.filter((namespace) => all.includes(namespace));
  const needed = initial.length > 0 ? initial : all;
  const strings = Object.fromEntries(await Promise.all(needed.map(async (namespace) => [namespace, await loadNamespace(lng, namespace)])));
  await i18next
    .use(initReactI18next)
    .use(namespacesOnDemand)
    // The page's language only: the server's fallback language is never needed (both have every key).
    .init({ ...i18nOptions(lng, { [lng]: strings }), fallbackLng: lng, partialBundledLanguages: true });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
  // The rest of the language once the page is idle, so the next page's strings are there when it renders.
  whenIdle(() => void i18next.loadNamespaces(all.filter((namespace) => !needed.includes(namespace))));
}

void hydrate();
