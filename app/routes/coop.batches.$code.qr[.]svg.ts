import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCooperativeBatch } from "~/models/batch.server";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { qrSvg, traceUrl } from "~/utils/qr.server";
import { notFound } from "~/utils/responses.server";

// The batch's QR code as SVG, pointing at its public /trace page. Only for the batch's own cooperative.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const batch = await getCooperativeBatch(db(), { code: params.code ?? "", cooperativeId: cooperative.id });
  if (!batch) throw notFound();
  return new Response(await qrSvg(traceUrl(batch.code)), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
