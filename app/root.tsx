import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { I18nNamespaces } from "~/components/layout/i18n-namespaces";
import { SiteFooter, SiteHeader } from "~/components/layout/site-chrome";
import type { Locale } from "~/i18n";
import { cartCountForRequest } from "~/services/checkout.server";
import { getOptionalUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getLocale, rememberLocaleChoice } from "~/utils/i18n.server";
import { usePageHydrates } from "~/utils/hydration";
import { useNonce } from "~/utils/nonce";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, setCookie, sessionUser] = await Promise.all([getLocale(request), rememberLocaleChoice(request), getOptionalUser(request)]);
  // Only what the page chrome needs: never the id, hashes or anything else of the account.
  const user = sessionUser
    ? { name: sessionUser.name, email: sessionUser.email, role: sessionUser.role, cooperatives: sessionUser.cooperatives }
    : null;
  const cartCount = await cartCountForRequest(db(), request);
  return json({ locale, user, cartCount }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "zh";
  const nonce = useNonce();
  const hydrates = usePageHydrates();
  // Marks the document once React has hydrated it (browser tests wait for it before judging the console).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f5f3f" />
        <Meta />
        <Links />
        {/* Before any module loads: zod must not probe `new Function`, which the CSP forbids
            (the refused probe is reported as a violation even though zod recovers). */}
        {hydrates ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: "globalThis.__zod_globalConfig={jitless:true}" }} /> : null}
      </head>
      <body>
        <SiteHeader locale={locale} />
        <main id="main" className="site-main">
          {children}
        </main>
        <SiteFooter />
        {hydrates ? (
          <>
            <I18nNamespaces />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
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
