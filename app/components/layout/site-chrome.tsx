import { useEffect, useRef } from "react";
import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n";

/** What the root loader tells the chrome about the visitor; every field is optional. */
interface ChromeData {
  user?: { name: string; email: string; role: string; cooperatives?: unknown[] } | null;
  cartCount?: number;
}

/**
 * Pages where shoppers browse: the search box stays in the header row there. Elsewhere (cart,
 * checkout, account, both back offices) a phone shows a search icon instead, so the header
 * stays one row of about 56 px: the search itself is one tap away on the catalogue.
 */
export function isCataloguePath(pathname: string): boolean {
  return pathname === "/" || pathname === "/products" || pathname.startsWith("/products/");
}

function languageHref(pathname: string, search: string, other: Locale): string {
  const params = new URLSearchParams(search);
  params.set("lang", other);
  return `${pathname}?${params}`;
}

function accountPath(role: string): string {
  if (role === "shopper") return "/account";
  return role === "staff" || role === "admin" ? "/staff" : "/coop";
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
      <path d="M15.5 15.5 L21 21" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

function MenuIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}

export function SiteHeader({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const data = (useRouteLoaderData("root") ?? {}) as ChromeData;
  const user = data.user ?? null;
  const location = useLocation();
  const catalogue = isCataloguePath(location.pathname);
  const q = location.pathname === "/products" ? new URLSearchParams(location.search).get("q") ?? "" : "";
  const other: Locale = locale === "zh" ? "en" : "zh";
  const langHref = languageHref(location.pathname, location.search, other);
  const account = user ? { to: accountPath(user.role), label: user.name || user.email } : { to: "/login", label: t("nav.login") };

  // The menu is a <details> so it opens without scripts; on hydrated pages the header outlives
  // a navigation, so the open menu is closed when the page changes.
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);

  return (
    <header className={`site-header${catalogue ? " site-header--catalogue" : ""}`}>
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
          <NavLink to="/stays">{t("nav.stays")}</NavLink>
          <NavLink to="/orders/lookup">{t("nav.findOrder")}</NavLink>
        </nav>
        <Form method="get" action="/products" className={`site-search${catalogue ? "" : " site-search--wide-only"}`} role="search">
          <label htmlFor="site-search-q" className="visually-hidden">{t("search.label")}</label>
          <input id="site-search-q" type="search" name="q" defaultValue={q} placeholder={t("search.placeholder")} maxLength={100} enterKeyHint="search" />
          <button type="submit" className="site-search__submit">
            <SearchIcon />
            <span className="site-search__submit-text">{t("search.submit")}</span>
          </button>
        </Form>
        <div className="site-header__actions">
          {catalogue ? null : (
            <Link to="/products" className="header-icon site-header__search-link" aria-label={t("search.label")} data-testid="header-search-link">
              <SearchIcon />
            </Link>
          )}
          <a className="lang-switch site-header__wide" href={langHref} hrefLang={other} lang={other}>
            {t("nav.switchLanguage")}
          </a>
          <Link to={account.to} className="header-link site-header__wide">{account.label}</Link>
          <details className="header-menu" ref={menu} data-testid="header-menu">
            <summary className="header-icon" aria-label={t("nav.menu")}>
              <MenuIcon />
            </summary>
            <nav className="header-menu__panel" aria-label={t("nav.menu")}>
              <ul>
                <li><NavLink to="/products">{t("nav.products")}</NavLink></li>
                <li><NavLink to="/cooperatives">{t("nav.cooperatives")}</NavLink></li>
                <li><NavLink to="/stays">{t("nav.stays")}</NavLink></li>
                <li><NavLink to="/orders/lookup">{t("nav.findOrder")}</NavLink></li>
                <li><Link to={account.to}>{account.label}</Link></li>
                <li>
                  <a href={langHref} hrefLang={other} lang={other}>{t("nav.switchLanguage")}</a>
                </li>
              </ul>
            </nav>
          </details>
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
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("footer.tagline")}</p>
      <p>
        <Link to="/stays">{t("nav.stays")}</Link>
      </p>
      <p className="site-footer__small">{t("footer.note")}</p>
    </footer>
  );
}
