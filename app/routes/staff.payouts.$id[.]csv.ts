import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "~/schemas/money";
import { requireStaff } from "~/services/auth.server";
import { transferCsvResponse } from "~/services/settlements.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

/** A batch's bank-transfer file, with full account numbers: staff only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const id = idParam(params.id);
  const response = id === null ? null : await transferCsvResponse(db(), { batchId: id });
  if (!response) throw notFound();
  return response;
}
