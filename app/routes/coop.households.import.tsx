import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileField } from "~/components/forms";
import { CoopFormSubmit } from "~/components/coop/form-submit";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportFileProblem, useImportProblemText } from "~/components/import-report";
import { useHouseholdFields } from "~/components/households/ui";
import { requireCooperative } from "~/services/auth.server";
import { importAccountEntries, importDeliveries, importHouseholds, type HouseholdImportReport } from "~/services/household-import.server";
import { HOUSEHOLD_IMPORT_KINDS, type HouseholdImportKind } from "~/schemas/household-import";
import { receiveImportFile } from "~/services/uploads.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const KINDS = HOUSEHOLD_IMPORT_KINDS;
type Kind = HouseholdImportKind;
const IMPORTS = { households: importHouseholds, deliveries: importDeliveries, entries: importAccountEntries } satisfies Record<Kind, unknown>;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperative(request);
  const t = await getFixedT(await getLocale(request), "households");
  return json({ title: t("meta.import") }, { headers: { "Cache-Control": "private, no-store" } });
}

/** POST ?kind=households|deliveries|entries with the CSV file. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, cooperative } = await requireCooperative(request);
  const kind = new URL(request.url).searchParams.get("kind") as Kind | null;
  invariantResponse(kind && KINDS.includes(kind), "Unknown request");
  const received = await receiveImportFile(request);
  const refusedFile = (key: string) => {
    const report: HouseholdImportReport = { fileProblem: { key }, imported: 0, refused: [], committed: false };
    return json({ kind, report }, { status: 400 });
  };
  if ("formProblem" in received) return refusedFile("notText");
  if ("fileProblem" in received) return refusedFile(received.fileProblem === "fileTooLarge" ? "fileTooLarge" : "noRows");
  const input = { cooperativeId: cooperative.id, userId: user.id, bytes: received.bytes };
  const report = await IMPORTS[kind](db(), input);
  return json({ kind, report }, { status: report.committed ? 200 : 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

function ImportResult({ report }: { report: HouseholdImportReport }) {
  const { t } = useTranslation("households");
  const problemText = useImportProblemText("households", { columnName: (column) => t(`import.columns.${column}`), valueError: (key) => t(`errors.${key}`) });
  if (report.fileProblem) return <ImportFileProblem namespace="households" problem={report.fileProblem} />;
  return (
    <div className={report.committed ? "notice" : "notice notice--error"} role={report.committed ? "status" : "alert"} data-testid="import-result">
      <p>{report.committed ? t("import.resultCommitted", { count: report.imported }) : t("import.resultRefused", { count: report.refused.length })}</p>
      {report.refused.length ? (
        <ul data-testid="refused-rows">
          {report.refused.map((row) => (
            <li key={row.row}>
              <strong>{t("import.row", { row: row.row })}</strong>
              <ul>
                {row.problems.map((problem, index) => (
                  <li key={index}>{problemText(problem)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function CoopHouseholdImport() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  const field = useHouseholdFields();
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/households">← {t("households.title")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      {KINDS.map((kind) => (
        <section key={kind} className="card" aria-labelledby={`import-${kind}`}>
          <h2 id={`import-${kind}`}>{t(`import.${kind}Title`)}</h2>
          <p className="muted">{t(`import.${kind}Columns`)}</p>
          <p>
            <a href={`/coop/households/template.csv?kind=${kind}`} download={`shanshui-${kind}-template.csv`}>
              ⤓ {t("import.template")}
            </a>
          </p>
          {actionData?.kind === kind ? <ImportResult report={actionData.report as HouseholdImportReport} /> : null}
          <Form method="post" action={`/coop/households/import?kind=${kind}`} encType="multipart/form-data" className="coop-form" noValidate>
            <FileField {...field({ idPrefix: `import-${kind}` }, "file")} label={t("import.file")} accept=".csv,text/csv" required />
            <CoopFormSubmit>{t("import.submit")}</CoopFormSubmit>
          </Form>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
