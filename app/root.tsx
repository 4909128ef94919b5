import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { I18nNamespaces } from "./components/layout/i18n-namespaces";
import { SiteFooter, SiteHeader } from "./components/layout/site-chrome";
import type { Locale } from "./i18n";
import { cartCountForRequest } from "./services/checkout.server";
import { db } from "./utils/db.server";
import { getLocale, rememberLocaleChoice } from "./utils/i18n.server";
import { useNonce } from "./utils/nonce";
import appStyles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const setCookie = await rememberLocaleChoice(request);
  const cartCount = await cartCountForRequest(db(), request);
  return json({ locale, cartCount }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "zh";
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f5f3f" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader locale={locale} />
        <main id="main" className="site-main">
          {children}
        </main>
        <SiteFooter />
        <I18nNamespaces />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>();
  useChangeLanguage(locale);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
