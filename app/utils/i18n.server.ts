import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLocale, i18nOptions, isLocale, supportedLocales, type Locale } from "~/i18n";
import { resources } from "~/locales";

// Remembers a language chosen with ?lang= for a year.
export const localeCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    searchParamKey: "lang",
    order: ["searchParams", "cookie", "header"],
  },
  i18next: i18nOptions(defaultLocale, resources),
});

/** The request's language: ?lang=, then the cookie, then Accept-Language, else Chinese. */
export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request);
  return isLocale(locale) ? locale : defaultLocale;
}

type Namespace = Parameters<typeof i18nServer.getFixedT>[1];
type FixedT = Awaited<ReturnType<typeof i18nServer.getFixedT>>;
// remix-i18next builds (and initialises with every string) a new i18next instance per call;
// a translator fixed to one language and namespace never changes, so each is made once.
const translators = new Map<string, Promise<FixedT>>();

/** A server-side translator for loaders, meta and e-mails. */
export function getFixedT(locale: Locale, namespace: Namespace = "common"): Promise<FixedT> {
  const key = `${locale}\n${JSON.stringify(namespace)}`;
  let translator = translators.get(key);
  if (!translator) {
    translator = i18nServer.getFixedT(locale, namespace);
    translator.catch(() => translators.delete(key));
    translators.set(key, translator);
  }
  return translator;
}

/** Set-Cookie that remembers an explicit ?lang= choice, or null when there is none. */
export async function rememberLocaleChoice(request: Request): Promise<string | null> {
  const requested = new URL(request.url).searchParams.get("lang");
  return isLocale(requested) ? localeCookie.serialize(requested) : null;
}
