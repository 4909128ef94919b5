import type { LoaderFunctionArgs } from "@remix-run/node";
import { reviewDocumentKey } from "~/models/review.server";
import { documentResponse, reviewTarget, safeDisposition } from "~/services/review-documents.server";
import { readDocument } from "~/services/uploads.server";
import { requireStaff } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

// A brand's or certificate's uploaded document, for staff only: inline, so the review page can
// embed it (the only response the shop lets itself frame), or as a download with ?download=1.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const target = reviewTarget(params.kind, params.id);
  if (!target) throw notFound();
  const key = await reviewDocumentKey(db(), target);
  const document = key ? await readDocument(key) : null;
  if (!document) throw notFound();
  const download = new URL(request.url).searchParams.get("download") === "1";
  return documentResponse(document, {
    disposition: await safeDisposition(document, download ? "attachment" : "inline"),
    fileName: `${target.kind}-${target.id}`,
    frameable: true,
  });
}
