import type { LoaderFunctionArgs } from "@remix-run/node";
import { idParam } from "~/schemas/money";
import { requireCooperative } from "~/services/auth.server";
import { statementCsvResponse } from "~/services/settlements.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

/** A statement of the cooperative the portal acts for as CSV; anyone else's is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const id = idParam(params.id);
  const response = id === null ? null : await statementCsvResponse(db(), { id, cooperativeId: cooperative.id });
  if (!response) throw notFound();
  return response;
}
