import type { LoaderFunctionArgs } from "@remix-run/node";
import { importTemplateCsv } from "~/services/product-import.server";
import { requireCooperative } from "~/services/auth.server";

// The CSV template offered on /coop/import: the columns and two example rows.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCooperative(request);
  return new Response(importTemplateCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="shanshui-products-template.csv"',
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
