import { parse } from "csv-parse/sync";
import { MAX_IMPORT_BYTES } from "~/utils/upload-limits";

// What the spreadsheet imports (products; households and their deliveries) share: decoding the
// file, reading its header as columns (Chinese or English names), and the problems with the
// file as a whole. Each import then checks its rows against its own schema.

/** Spreadsheets saved in China are often GB 18030 (Excel's "CSV"), not UTF-8: accept both. */
export function decodeCsv(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** A header as compared: full-width brackets to ASCII (NFKC), no spaces, lower case. */
export function headerKey(name: string): string {
  return name.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/** A problem with the file as a whole; `key` names a text of the import's `import.problems`. */
export interface CsvFileProblem {
  key: string;
  params?: Record<string, string>;
}

/**
 * The rows of a CSV import, keyed by the columns its header names (`columnFor` maps a header,
 * an unknown one is kept as typed and reported), or the first problem with the file: too large,
 * not text, not CSV, no rows, too many, a column twice, an unknown one, a required one missing.
 */
export function readCsvRows<Column extends string>(
  bytes: Uint8Array,
  {
    columnFor,
    columns,
    required,
    maxRows,
    maxRecordBytes,
  }: { columnFor: (header: string) => Column | null; columns: readonly Column[]; required: readonly Column[]; maxRows: number; maxRecordBytes: number },
): { ok: true; records: Record<string, string>[] } | { ok: false; problem: CsvFileProblem } {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, problem: { key: "fileTooLarge" } };
  const text = decodeCsv(bytes);
  if (text === null) return { ok: false, problem: { key: "notText" } };
  let header: string[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (names: string[]) => (header = names.map((name) => columnFor(name) ?? name.trim())),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      max_record_size: maxRecordBytes,
      to: maxRows + 1,
    }) as Record<string, string>[];
  } catch (error) {
    return { ok: false, problem: { key: "notCsv", params: { line: String((error as { lines?: number }).lines ?? "?") } } };
  }
  if (records.length === 0) return { ok: false, problem: { key: "noRows" } };
  if (records.length > maxRows) return { ok: false, problem: { key: "tooManyRows", params: { max: String(maxRows) } } };
  const twice = header.filter((name, index) => header.indexOf(name) !== index);
  if (twice.length > 0) return { ok: false, problem: { key: "duplicateColumns", params: { columns: twice.join(", ") } } };
  const unknown = header.filter((name) => !(columns as readonly string[]).includes(name));
  if (unknown.length > 0) return { ok: false, problem: { key: "unknownColumns", params: { columns: unknown.join(", ") } } };
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) return { ok: false, problem: { key: "missingColumns", params: { columns: missing.join(", ") } } };
  return { ok: true, records };
}
