import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCooperative } from "~/services/auth.server";
import { householdTemplateCsv } from "~/services/household-import.server";
import { HOUSEHOLD_IMPORT_KINDS } from "~/schemas/household-import";

// The CSV templates offered on /coop/households/import: Chinese headers and example rows.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperative(request);
  const asked = new URL(request.url).searchParams.get("kind");
  const kind = HOUSEHOLD_IMPORT_KINDS.find((k) => k === asked) ?? "households";
  return new Response(householdTemplateCsv(kind), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="shanshui-${kind}-template.csv"`,
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
