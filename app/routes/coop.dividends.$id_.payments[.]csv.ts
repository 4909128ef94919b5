import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDistribution } from "~/models/distribution.server";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/responses.server";

// The payment list of a confirmed distribution: one row per household with what to pay.
const cell = (value: string) => (/[",\r\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const yuan = (fen: number) => (fen / 100).toFixed(2);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  if (!/^\d{1,9}$/.test(params.id ?? "")) throw notFound();
  const found = await getDistribution(db(), { id: Number(params.id), cooperativeId: cooperative.id });
  if (!found || found.distribution.status !== "confirmed") throw notFound();
  const t = await getFixedT(await getLocale(request), "households");
  const header = [t("csv.number"), t("csv.head"), t("csv.village"), t("csv.byTransactions"), t("csv.byAccount"), t("csv.converted"), t("csv.payable")];
  const rows = found.lines.map((l) => [String(l.household_number), l.head_name, l.village, yuan(l.by_transactions_fen), yuan(l.by_account_fen), yuan(l.converted_fen), yuan(l.by_transactions_fen + l.by_account_fen - l.converted_fen)]);
  const body = `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
  const d = found.distribution;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="distribution-${d.period_start}-${d.period_end}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
