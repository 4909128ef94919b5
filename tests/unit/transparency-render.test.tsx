import { createInstance } from "i18next";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { ImpactSection } from "~/components/catalogue/impact-section";
import { OrderCoopShares } from "~/components/order/coop-shares";
import { CoopShare } from "~/components/product/coop-share";
import { i18nOptions, type Locale } from "~/i18n";
import { resources } from "~/locales";

// The shopper-facing transparency figures as the server renders them, in both languages.

async function render(locale: Locale, element: ReactElement): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init(i18nOptions(locale, resources));
  return renderToString(createElement(I18nextProvider, { i18n }, element));
}

const share = { priceFen: 6_127, rateBp: 500, commissionFen: 306, cooperativeFen: 5_821 };
const noMonths = [{ month: "2026-11", fen: 0 }, { month: "2026-12", fen: 0 }];
const impact = { year: 2026, settledFen: 19_000, settledByMonth: [{ month: "2026-11", fen: 0 }, { month: "2026-12", fen: 19_000 }], statedFen: 19_000, households: null, distributedFen: null, distributedByMonth: noMonths };

describe("transparency components", () => {
  it("word the product share in Chinese and English", async () => {
    expect(await render("zh", createElement(CoopShare, { share }))).toContain("每售出一件，约 ¥58.21 归合作社");
    const en = await render("en", createElement(CoopShare, { share }));
    expect(en).toContain("About ¥58.21 of each one sold goes to the cooperative");
    expect(en).toContain("5%");
    expect(await render("zh", createElement(CoopShare, { share: null }))).toBe("");
  });

  it("draw the impact chart as SVG and leave out unknown household figures", async () => {
    const html = await render("zh", createElement(ImpactSection, { impact }));
    expect(html).toContain("<svg");
    expect(html).toContain("¥190.00");
    expect(html).toContain("12月");
    expect(html).not.toContain('data-testid="impact-households"');
    expect(html).not.toContain('data-testid="impact-distributed"');
    const distributedByMonth = [{ month: "2026-11", fen: 12_345 }, { month: "2026-12", fen: 0 }];
    const known = await render("en", createElement(ImpactSection, { impact: { ...impact, households: 5, distributedFen: 12_345, distributedByMonth } }));
    expect(known).toContain("5 households");
    expect(known).toContain("¥123.45");
    // Two series, each month with both amounts in the table.
    expect(known).toContain("Distributed to households");
    expect(known.match(/<tr data-testid="impact-month">.*?<\/tr>/g)).toEqual([
      '<tr data-testid="impact-month"><th scope="row">11</th><td>¥0.00</td><td>¥123.45</td></tr>',
      '<tr data-testid="impact-month"><th scope="row">12</th><td>¥190.00</td><td>¥0.00</td></tr>',
    ]);
    // A distribution alone is enough to draw the chart.
    expect(await render("zh", createElement(ImpactSection, { impact: { ...impact, settledFen: 0, settledByMonth: noMonths, distributedFen: 12_345, distributedByMonth } }))).toContain("分配给成员农户合计 ¥123.45");
    expect(await render("en", createElement(ImpactSection, { impact: { ...impact, settledFen: 0, settledByMonth: [], distributedByMonth: [] } }))).not.toContain("<svg");
  });

  it("list the order's shares per cooperative with a total", async () => {
    const rows = [
      { cooperativeId: 1, nameZh: "奉节县脐橙专业合作社", nameEn: "Fengjie Navel Orange Cooperative", goodsFen: 9_999, commissionFen: 500, payableFen: 9_499 },
      { cooperativeId: 2, nameZh: "巫山县李子合作社", nameEn: "Wushan Plum Cooperative", goodsFen: 24_690, commissionFen: 1_852, payableFen: 22_838 },
    ];
    const zh = await render("zh", createElement(OrderCoopShares, { shares: rows }));
    expect(zh).toContain("奉节县脐橙专业合作社");
    expect(zh).toContain("¥323.37");
    const en = await render("en", createElement(OrderCoopShares, { shares: rows }));
    expect(en).toContain("Wushan Plum Cooperative");
    expect(await render("en", createElement(OrderCoopShares, { shares: [] }))).toBe("");
  });
});
