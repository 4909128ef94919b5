import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "~db/schema";
import { createHouseholds, listHouseholds, type HouseholdInput } from "~/models/household.server";
import { addAccountEntries, addDeliveries, batchIdsByCode, type AccountEntryInput, type DeliveryInput } from "~/models/member-account.server";
import { withTransaction } from "~/models/transaction.server";
import enHouseholds from "~/locales/en/households";
import zhHouseholds from "~/locales/zh/households";
import type { HouseholdImportKind } from "~/schemas/household-import";
import { accountEntrySchema, deliverySchema, ENTRY_KINDS, householdSchema } from "~/schemas/households";
import { headerKey, readCsvRows } from "~/services/csv-import.server";

// Member households, their deliveries (交售记录) and their member-account entries (成员账户:
// contributions in cash or land management rights, reserve-fund shares, quantified subsidies and
// donations) imported from a spreadsheet saved as CSV, with the Chinese headers a cooperative's
// bookkeeper types (户主, 村, 入社日期 …). Like the product import: every row is checked first,
// and one refused row means nothing is imported, with the reasons listed per row. Imported
// entries are appended like the portal's, so the account's history keeps them.

export const HOUSEHOLD_COLUMNS = ["head_name", "village", "joined_on", "left_on", "id_last4"] as const;
export const DELIVERY_COLUMNS = ["household_number", "head_name", "delivered_on", "produce", "weight_kg", "amount", "batch_code", "note"] as const;
export const ENTRY_COLUMNS = ["household_number", "head_name", "kind", "amount", "land_mu", "entered_on", "note"] as const;
type HouseholdColumn = (typeof HOUSEHOLD_COLUMNS)[number];
type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];
type EntryColumn = (typeof ENTRY_COLUMNS)[number];
export type HouseholdImportColumn = HouseholdColumn | DeliveryColumn | EntryColumn;

/** The template's headers, in the order of the columns. */
export const HOUSEHOLD_HEADERS_ZH: Record<HouseholdColumn, string> = {
  head_name: "户主",
  village: "村",
  joined_on: "入社日期",
  left_on: "退社日期",
  id_last4: "身份证后四位",
};
export const DELIVERY_HEADERS_ZH: Record<DeliveryColumn, string> = {
  household_number: "户号",
  head_name: "户主",
  delivered_on: "交售日期",
  produce: "品种",
  weight_kg: "重量（公斤）",
  amount: "金额（元）",
  batch_code: "批次号",
  note: "备注",
};

export const ENTRY_HEADERS_ZH: Record<EntryColumn, string> = {
  household_number: "户号",
  head_name: "户主",
  kind: "类别",
  amount: "金额（元）",
  land_mu: "土地（亩）",
  entered_on: "记账日期",
  note: "备注",
};

const HOUSEHOLD_HEADER_MAP = new Map<string, HouseholdColumn>([
  ...HOUSEHOLD_COLUMNS.map((c) => [headerKey(c), c] as const),
  ...HOUSEHOLD_COLUMNS.map((c) => [headerKey(HOUSEHOLD_HEADERS_ZH[c]), c] as const),
  [headerKey("户主姓名"), "head_name"],
  [headerKey("村组"), "village"],
  [headerKey("所在村"), "village"],
  [headerKey("入社时间"), "joined_on"],
  [headerKey("退社时间"), "left_on"],
]);
const DELIVERY_HEADER_MAP = new Map<string, DeliveryColumn>([
  ...DELIVERY_COLUMNS.map((c) => [headerKey(c), c] as const),
  ...DELIVERY_COLUMNS.map((c) => [headerKey(DELIVERY_HEADERS_ZH[c]), c] as const),
  [headerKey("户主姓名"), "head_name"],
  [headerKey("日期"), "delivered_on"],
  [headerKey("产品"), "produce"],
  [headerKey("重量"), "weight_kg"],
  [headerKey("金额"), "amount"],
  [headerKey("批次"), "batch_code"],
]);

const ENTRY_HEADER_MAP = new Map<string, EntryColumn>([
  ...ENTRY_COLUMNS.map((c) => [headerKey(c), c] as const),
  ...ENTRY_COLUMNS.map((c) => [headerKey(ENTRY_HEADERS_ZH[c]), c] as const),
  [headerKey("户主姓名"), "head_name"],
  [headerKey("类型"), "kind"],
  [headerKey("项目"), "kind"],
  [headerKey("金额"), "amount"],
  [headerKey("亩数"), "land_mu"],
  [headerKey("入股亩数"), "land_mu"],
  [headerKey("土地亩数"), "land_mu"],
  [headerKey("日期"), "entered_on"],
  [headerKey("入账日期"), "entered_on"],
]);

// A kind as a bookkeeper writes it: as the account page names it in either language, shorter,
// or the key itself, compared like headers.
const ENTRY_KIND_MAP = new Map<string, (typeof ENTRY_KINDS)[number]>([
  ...ENTRY_KINDS.map((k) => [headerKey(k), k] as const),
  ...ENTRY_KINDS.flatMap((k) => [[headerKey(zhHouseholds.account.kinds[k]), k] as const, [headerKey(enHouseholds.account.kinds[k]), k] as const]),
  ...(
    [
      ["货币出资", "cash_contribution"],
      ["现金出资", "cash_contribution"],
      ["现金", "cash_contribution"],
      ["cash", "cash_contribution"],
      ["土地经营权", "land_contribution"],
      ["土地经营权出资", "land_contribution"],
      ["土地出资", "land_contribution"],
      ["land", "land_contribution"],
      ["公积金", "reserve_share"],
      ["reserve", "reserve_share"],
      ["财政补助", "subsidy"],
      ["补助", "subsidy"],
      ["捐赠", "donation"],
    ] as const
  ).map(([name, kind]) => [headerKey(name), kind] as const),
]);

export interface ImportProblem {
  column?: HouseholdImportColumn;
  /** A key of `import.problems` or `errors` in the households namespace. */
  key: string;
  params?: Record<string, string>;
}

export interface HouseholdImportReport {
  fileProblem: ImportProblem | null;
  imported: number;
  refused: { row: number; problems: ImportProblem[] }[];
  committed: boolean;
}

const MAX_ROWS = 2000;

function readRows<C extends string>(bytes: Uint8Array, map: Map<string, C>, columns: readonly C[], required: readonly C[]) {
  return readCsvRows(bytes, { columnFor: (header) => map.get(headerKey(header)) ?? null, columns, required, maxRows: MAX_ROWS, maxRecordBytes: 16 * 1024 });
}

/** A row's problems from its schema, each told once (a malformed date fails two of the date's checks). */
function issuesOf(error: z.ZodError): ImportProblem[] {
  const seen = new Set<string>();
  return error.issues.flatMap((issue) => {
    const column = issue.path[0] as HouseholdImportColumn | undefined;
    const told = `${String(column)}:${issue.message}`;
    if (seen.has(told)) return [];
    seen.add(told);
    return [{ column, key: issue.message }];
  });
}

const fileRefused = (problem: ImportProblem): HouseholdImportReport => ({ fileProblem: problem, imported: 0, refused: [], committed: false });

export async function importHouseholds(
  db: Kysely<Database>,
  { cooperativeId, userId, bytes }: { cooperativeId: number; userId: number | null; bytes: Uint8Array },
): Promise<HouseholdImportReport> {
  const read = readRows(bytes, HOUSEHOLD_HEADER_MAP, HOUSEHOLD_COLUMNS, ["head_name", "village", "joined_on"]);
  if (!read.ok) return fileRefused(read.problem);
  const refused: HouseholdImportReport["refused"] = [];
  const households: HouseholdInput[] = [];
  read.records.forEach((record, index) => {
    const result = householdSchema.safeParse(record);
    if (result.success) households.push(result.data);
    else refused.push({ row: index + 2, problems: issuesOf(result.error) });
  });
  if (refused.length) return { fileProblem: null, imported: 0, refused, committed: false };
  await createHouseholds(db, { cooperativeId, households, userId });
  return { fileProblem: null, imported: households.length, refused: [], committed: true };
}

/**
 * Finds a row's household among this cooperative's only: by its number (户号), else by the
 * head's name when just one household has it. Another cooperative's household is unknown here.
 */
async function householdResolver(db: Kysely<Database>, cooperativeId: number) {
  const households = await listHouseholds(db, { cooperativeId });
  const byNumber = new Map(households.map((h) => [h.number, h]));
  const byName = new Map<string, (typeof households)[number][]>();
  for (const h of households) byName.set(h.head_name, [...(byName.get(h.head_name) ?? []), h]);
  return (record: Record<string, string>, problems: ImportProblem[]): number | null => {
    const numberText = (record.household_number ?? "").normalize("NFKC").trim();
    const nameText = (record.head_name ?? "").trim();
    if (numberText) {
      const household = /^\d{1,5}$/.test(numberText) ? byNumber.get(Number(numberText)) : undefined;
      if (!household) problems.push({ column: "household_number", key: "unknownHousehold", params: { value: numberText } });
      else if (nameText && household.head_name !== nameText) problems.push({ column: "head_name", key: "nameMismatch", params: { value: nameText, name: household.head_name } });
      else return household.id;
    } else if (nameText) {
      const found = byName.get(nameText) ?? [];
      if (found.length === 1) return found[0]!.id;
      problems.push({ column: "head_name", key: found.length ? "ambiguousHousehold" : "unknownHousehold", params: { value: nameText } });
    } else problems.push({ column: "household_number", key: "householdRequired" });
    return null;
  };
}

export async function importDeliveries(
  db: Kysely<Database>,
  { cooperativeId, userId, bytes }: { cooperativeId: number; userId: number | null; bytes: Uint8Array },
): Promise<HouseholdImportReport> {
  const read = readRows(bytes, DELIVERY_HEADER_MAP, DELIVERY_COLUMNS, ["delivered_on", "produce", "weight_kg", "amount"]);
  if (!read.ok) return fileRefused(read.problem);
  return withTransaction(db, async (trx) => {
    const [householdOf, batches] = await Promise.all([householdResolver(trx, cooperativeId), batchIdsByCode(trx, { cooperativeId })]);
    const refused: HouseholdImportReport["refused"] = [];
    const deliveries: DeliveryInput[] = [];
    read.records.forEach((record, index) => {
      const row = index + 2;
      const problems: ImportProblem[] = [];
      const householdId = householdOf(record, problems);
      const result = deliverySchema.safeParse(record);
      if (!result.success) problems.push(...issuesOf(result.error));
      let batchId: number | null = null;
      if (result.success && result.data.batch_code) {
        batchId = batches.get(result.data.batch_code) ?? null;
        if (batchId === null) problems.push({ column: "batch_code", key: "unknownBatch", params: { value: result.data.batch_code } });
      }
      if (problems.length || !result.success || householdId === null) {
        refused.push({ row, problems });
        return;
      }
      const d = result.data;
      deliveries.push({ householdId, deliveredOn: d.delivered_on, produce: d.produce, weightGrams: d.weight_kg, amountFen: d.amount, batchId, note: d.note });
    });
    if (refused.length) return { fileProblem: null, imported: 0, refused, committed: false };
    await addDeliveries(trx, { cooperativeId, deliveries, userId });
    return { fileProblem: null, imported: deliveries.length, refused: [], committed: true };
  });
}

/**
 * Entries of member accounts (成员账户): contributions in cash or land management rights (with
 * the mu), reserve-fund shares, quantified subsidies and donations, for this cooperative's
 * households only.
 */
export async function importAccountEntries(
  db: Kysely<Database>,
  { cooperativeId, userId, bytes }: { cooperativeId: number; userId: number | null; bytes: Uint8Array },
): Promise<HouseholdImportReport> {
  const read = readRows(bytes, ENTRY_HEADER_MAP, ENTRY_COLUMNS, ["kind", "amount", "entered_on"]);
  if (!read.ok) return fileRefused(read.problem);
  return withTransaction(db, async (trx) => {
    const householdOf = await householdResolver(trx, cooperativeId);
    const refused: HouseholdImportReport["refused"] = [];
    const entries: AccountEntryInput[] = [];
    read.records.forEach((record, index) => {
      const problems: ImportProblem[] = [];
      const householdId = householdOf(record, problems);
      const kindText = (record.kind ?? "").trim();
      const kind = ENTRY_KIND_MAP.get(headerKey(kindText));
      if (!kind) problems.push(kindText ? { column: "kind", key: "unknownKind", params: { value: kindText } } : { column: "kind", key: "required" });
      const result = accountEntrySchema.safeParse({ ...record, kind: kind ?? "" });
      // The kind's own problem is already told, in the file's words.
      if (!result.success) problems.push(...issuesOf(result.error).filter((problem) => problem.column !== "kind"));
      if (problems.length || !result.success || householdId === null) {
        refused.push({ row: index + 2, problems });
        return;
      }
      const e = result.data;
      entries.push({ householdId, kind: e.kind, amountFen: e.amount, landMu: e.land_mu, enteredOn: e.entered_on, note: e.note });
    });
    if (refused.length) return { fileProblem: null, imported: 0, refused, committed: false };
    await addAccountEntries(trx, { cooperativeId, entries, userId });
    return { fileProblem: null, imported: entries.length, refused: [], committed: true };
  });
}

const TEMPLATES: Record<HouseholdImportKind, string[][]> = {
  households: [Object.values(HOUSEHOLD_HEADERS_ZH), ["王秀英", "青龙村", "2024-03-01", "", "123X"]],
  deliveries: [Object.values(DELIVERY_HEADERS_ZH), ["1", "王秀英", "2026-11-20", "脐橙", "250.5", "1002.00", "", ""]],
  entries: [
    Object.values(ENTRY_HEADERS_ZH),
    ["1", "王秀英", zhHouseholds.account.kinds.cash_contribution, "1000.00", "", "2026-01-01", ""],
    ["1", "王秀英", zhHouseholds.account.kinds.land_contribution, "3000.00", "2.5", "2026-01-01", "土地经营权入股"],
    ["2", "李建国", zhHouseholds.account.kinds.subsidy, "500.00", "", "2026-06-30", "财政补助量化到户"],
  ],
};

/** A template with the Chinese headers and example rows. */
export function householdTemplateCsv(kind: HouseholdImportKind): string {
  const rows = TEMPLATES[kind];
  // A BOM so that Excel opens the Chinese headers as UTF-8.
  return `\uFEFF${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",")).join("\r\n")}\r\n`;
}
