import { useTranslation } from "react-i18next";

// What the spreadsheet imports' reports (products; households and deliveries) show alike: the
// notice for a problem with the file as a whole, and the text of one refused row's problem.
// Each namespace has its own `import.problems` texts.

interface ImportProblem {
  column?: string;
  key: string;
  params?: Record<string, string>;
}

/** The notice for a problem with the file as a whole (not CSV, wrong columns, too big). */
export function ImportFileProblem({ namespace, problem }: { namespace: string; problem: ImportProblem }) {
  const { t } = useTranslation(namespace);
  return (
    <div className="notice notice--error" role="alert" data-testid="import-result">
      {t(`import.problems.${problem.key}`, problem.params ?? {})}
    </div>
  );
}

/**
 * The text of a refused row's problem: the import's own message when it has one, else the form's
 * message for the column's value; after the column's name when it is about one column.
 */
export function useImportProblemText(
  namespace: string,
  { columnName, valueError }: { columnName: (column: string) => string; valueError: (key: string) => string | undefined },
) {
  const { t, i18n } = useTranslation(namespace);
  return (problem: ImportProblem) => {
    const own = `import.problems.${problem.key}`;
    const text = i18n.exists(own, { ns: namespace }) ? t(own, problem.params ?? {}) : valueError(problem.key);
    return problem.column ? `${columnName(problem.column)}: ${text}` : text;
  };
}
