import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";

/** What the root loader tells the chrome about the visitor; every field is optional. */
interface ChromeData {
  user?: { name: string; email: string; role: string; cooperatives?: unknown[] } | null;
  cartCount?: number;
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Locale = locale === "zh" ? "en" : "zh";
  const params = new URLSearchParams(location.search);
  params.set("lang", other);
  return (
    <a className="lang-switch" href={`${location.pathname}?${params}`} hrefLang={other} lang={other}>
      {t("nav.switchLanguage")}
    </a>
  );
}

export function SiteHeader({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const data = (useRouteLoaderData("root") ?? {}) as ChromeData;
  const user = data.user ?? null;
  const location = useLocation();
  const q = location.pathname === "/products" ? new URLSearchParams(location.search).get("q") ?? "" : "";
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <div className="site-header__bar">
        <Link to="/" className="brand-mark" aria-label={t("brand.home")}>
          <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true">
            <path d="M2 26 L11 12 L16 19 L21 9 L30 26 Z" fill="#2f7d4f" />
            <circle cx="24" cy="7" r="3" fill="#e8a33d" />
          </svg>
          <span className="brand-mark__name">{t("brand.name")}</span>
        </Link>
        <nav className="site-nav" aria-label={t("nav.label")}>
          <NavLink to="/products">{t("nav.products")}</NavLink>
          <NavLink to="/cooperatives">{t("nav.cooperatives")}</NavLink>
        </nav>
        <div className="site-header__actions">
          <LanguageSwitch locale={locale} />
          {user ? (
            <Link to={user.role === "shopper" ? "/account" : user.role === "staff" || user.role === "admin" ? "/staff" : "/coop"} className="header-link">
              {user.name || user.email}
            </Link>
          ) : (
            <Link to="/login" className="header-link">{t("nav.login")}</Link>
          )}
          <Link to="/cart" className="cart-link" aria-label={t("nav.cartWithCount", { count: data.cartCount ?? 0 })}>
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6.2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              <circle cx="10" cy="20" r="1.5" fill="currentColor" />
              <circle cx="17" cy="20" r="1.5" fill="currentColor" />
            </svg>
            <span className="cart-link__count" data-testid="cart-count">{data.cartCount ?? 0}</span>
          </Link>
        </div>
      </div>
      <Form method="get" action="/products" className="site-search" role="search">
        <label htmlFor="site-search-q" className="visually-hidden">{t("search.label")}</label>
        <input id="site-search-q" type="search" name="q" defaultValue={q} placeholder={t("search.placeholder")} maxLength={100} enterKeyHint="search" />
        <button type="submit">{t("search.submit")}</button>
      </Form>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("footer.tagline")}</p>
      <p className="site-footer__small">{t("footer.note")}</p>
    </footer>
  );
}
