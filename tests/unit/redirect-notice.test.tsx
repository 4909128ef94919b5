import { createInstance } from "i18next";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { SuccessNotice } from "~/components/coop/notices";
import { HouseholdNotice } from "~/components/households/ui";
import { MoneyNotice } from "~/components/money/parts";
import { i18nOptions } from "~/i18n";
import { resources } from "~/locales";

// The notice after a redirect (`?notice=key`), as each portal's pages render it on the server.

async function render(url: string, element: ReactElement): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init(i18nOptions("zh", resources));
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(StaticRouter, { location: url }, element)));
}

describe("the notice after a redirect", () => {
  it("says the named notice in the page's own namespace", async () => {
    const html = await render("/coop/households?notice=householdAdded", createElement(HouseholdNotice));
    expect(html).toContain('data-testid="success-notice"');
    expect(html).toContain("成员户已添加。");
    const money = await render("/coop/bank-account?notice=bankSaved", createElement(MoneyNotice));
    expect(money).toContain('class="notice"');
    expect(money).toContain("收款账户已保存。");
  });

  it("quotes the batch code from the query on cooperative pages", async () => {
    const html = await render("/coop/batches?notice=batchCreated&code=B-2026-07", createElement(SuccessNotice));
    expect(html).toContain("B-2026-07");
    expect(html).toContain('class="notice coop-notice"');
  });

  it("shows nothing for an unknown or malformed key", async () => {
    expect(await render("/coop/households?notice=noSuchNotice", createElement(HouseholdNotice))).toBe("");
    expect(await render("/coop/statements?notice=%3Cscript%3E", createElement(MoneyNotice))).toBe("");
    expect(await render("/coop/batches", createElement(SuccessNotice))).toBe("");
  });
});
