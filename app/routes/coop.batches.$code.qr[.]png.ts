import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCooperativeBatch } from "~/models/batch.server";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { qrPng, traceUrl } from "~/utils/qr.server";
import { notFound } from "~/utils/responses.server";

// A printable PNG of the batch's QR code (for label printers that do not take SVG).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative } = await requireCooperative(request);
  const batch = await getCooperativeBatch(db(), { code: params.code ?? "", cooperativeId: cooperative.id });
  if (!batch) throw notFound();
  const png = await qrPng(traceUrl(batch.code));
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `inline; filename="${batch.code}.png"`,
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
