import { createInstance } from "i18next";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import { ImportFileProblem, useImportProblemText } from "~/components/import-report";
import { i18nOptions } from "~/i18n";
import { resources } from "~/locales";

// The parts of an import report the product and household imports share, rendered on the server.

async function render(element: ReactElement): Promise<string> {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init(i18nOptions("zh", resources));
  return renderToString(createElement(I18nextProvider, { i18n }, element));
}

function ProblemTexts({ problems }: { problems: { column?: string; key: string; params?: Record<string, string> }[] }) {
  const text = useImportProblemText("coop", { columnName: (column) => `[${column}]`, valueError: (key) => `value:${key}` });
  return createElement("ul", null, ...problems.map((problem, index) => createElement("li", { key: index }, text(problem))));
}

describe("import reports", () => {
  it("says a problem with the whole file in the import's own namespace", async () => {
    const coop = await render(createElement(ImportFileProblem, { namespace: "coop", problem: { key: "notCsv", params: { line: "7" } } }));
    expect(coop).toContain('data-testid="import-result"');
    expect(coop).toContain("文件在第 7 行附近不是有效的 CSV");
    const households = await render(createElement(ImportFileProblem, { namespace: "households", problem: { key: "notCsv", params: { line: "3" } } }));
    expect(households).toContain("无法按 CSV 读取（第 3 行）。");
  });

  it("names a row's problem with the import's message, or the column's value message after the column", async () => {
    const html = await render(
      createElement(ProblemTexts, {
        problems: [
          { column: "sku", key: "duplicateSku", params: { line: "2" } },
          { column: "price_yuan", key: "priceFormat" },
        ],
      }),
    );
    expect(html).toContain("[sku]: 这个货号在文件第 2 行已经出现过。");
    expect(html).toContain("[price_yuan]: value:priceFormat");
  });
});
