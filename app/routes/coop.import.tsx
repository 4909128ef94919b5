import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ClaimsList, useCoopFields, useErrorText } from "~/components/coop/notices";
import { FileField, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportFileProblem, useImportProblemText } from "~/components/import-report";
import { categoryOptions } from "~/models/category.server";
import { IMPORT_COLUMNS, IMPORT_HEADERS_ZH, importProducts, REQUIRED_COLUMNS, type ImportColumn, type ImportReport } from "~/services/product-import.server";
import { receiveImportFile } from "~/services/uploads.server";
import styles from "~/styles/coop.css";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperative(request);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  const categories = await categoryOptions(db());
  return json(
    {
      title: t("meta.import"),
      columns: IMPORT_COLUMNS,
      headersZh: IMPORT_HEADERS_ZH,
      required: REQUIRED_COLUMNS,
      // A Chinese sheet names the category as the shop shows it; codes work in both.
      categories: categories.map((c) => (locale === "zh" ? c.name_zh : c.slug)),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const received = await receiveImportFile(request);
  if ("formProblem" in received) return json({ uploadError: `upload.${received.formProblem}`, report: null }, { status: 400 });
  if ("fileProblem" in received) {
    const key = received.fileProblem === "fileTooLarge" ? "import.problems.fileTooLarge" : `upload.${received.fileProblem}`;
    return json({ uploadError: key, report: null }, { status: 400 });
  }
  const report: ImportReport = await importProducts(db(), { cooperativeId: cooperative.id, actorUserId: user.id, bytes: received.bytes });
  return json({ uploadError: null, report }, { status: report.committed ? 200 : 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

function ImportResult({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation("coop");
  const errorText = useErrorText();
  const { headersZh } = useLoaderData<typeof loader>();
  // Import-specific problems have their own messages; a column's bad value reuses the form messages.
  const problemText = useImportProblemText("coop", {
    columnName: (column) => (i18n.language === "en" ? column : headersZh[column as ImportColumn]),
    valueError: errorText,
  });
  if (report.fileProblem) return <ImportFileProblem namespace="coop" problem={report.fileProblem} />;
  return (
    <section aria-labelledby="import-result-title" data-testid="import-result">
      <div className={report.committed ? "notice" : "notice notice--error"} role={report.committed ? "status" : "alert"}>
        <p className="coop-notice__title" id="import-result-title">
          {report.committed
            ? t("import.resultCommitted", { created: report.created.length, updated: report.updated.length })
            : t("import.resultRefused", { count: report.refused.length })}
        </p>
      </div>
      {report.refused.length > 0 ? (
        <div className="card">
          <h2>{t("import.refused")}</h2>
          <ul className="coop-report" data-testid="refused-rows">
            {report.refused.map((row) => (
              <li key={row.row}>
                <strong>{t("import.row", { row: row.row })}</strong> {row.sku ? <span className="coop-code">{row.sku}</span> : null}
                <ul>
                  {row.problems.map((problem, index) => (
                    <li key={index}>
                      {problemText(problem)}
                      {problem.claims ? <ClaimsList claims={problem.claims} /> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {(["created", "updated"] as const).map((kind) =>
        report[kind].length > 0 ? (
          <div className="card" key={kind}>
            <h2>{report.committed ? t(`import.${kind}`) : t(kind === "created" ? "import.wouldCreate" : "import.wouldUpdate")}</h2>
            <ul>
              {report[kind].map((row) => (
                <li key={row.row}>
                  {t("import.row", { row: row.row })}: <span className="coop-code">{row.sku}</span> ({row.productSlug})
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </section>
  );
}


export default function CoopImport() {
  const { columns, headersZh, required, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("coop");
  const field = useCoopFields();
  const english = i18n.language === "en";
  const errorText = useErrorText();
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/products">← {t("productNav.allProducts")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <p>{t("import.rules")}</p>
      <p>
        <a href="/coop/import/template.csv" className="button button--ghost" download="shanshui-products-template.csv">
          ⤓ {t("import.template")}
        </a>
      </p>

      {actionData?.uploadError ? (
        <div className="notice notice--error" role="alert" data-testid="import-result">
          {errorText(actionData.uploadError)}
        </div>
      ) : null}
      {actionData?.report ? <ImportResult report={actionData.report} /> : null}

      <section className="card" aria-labelledby="import-upload">
        <h2 id="import-upload" className="visually-hidden">{t("import.submit")}</h2>
        <Form method="post" encType="multipart/form-data" className="coop-form" noValidate>
          <FileField {...field({ idPrefix: "import" }, "file")} label={t("import.file")} hint={t("import.fileHint")} accept=".csv,text/csv" required inputClassName="coop-file" />
          <div className="coop-form__actions">
            <SubmitButton pendingText={t("common.saving")}>{t("import.submit")}</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="import-columns">
        <h2 id="import-columns">{t("import.columns")}</h2>
        <dl className="coop-columns" data-testid="import-columns">
          {columns.map((column) => (
            <div key={column} className="coop-columns__item">
              <dt>
                <code>{english ? column : headersZh[column]}</code>{" "}
                {(required as readonly string[]).includes(column) ? <span className="badge badge--warn">{t("import.required")}</span> : null}{" "}
                <span className="field__hint">{t("import.otherHeader", { name: english ? headersZh[column] : column })}</span>
              </dt>
              <dd>{t(`import.columnHelp.${column}`, { categories: categories.join(", ") })}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
