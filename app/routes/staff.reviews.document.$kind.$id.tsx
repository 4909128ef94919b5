import type { LoaderFunctionArgs } from "@remix-run/node";
import { reviewDocumentKey } from "~/models/review.server";
import { readReviewDocument, reviewTarget } from "~/services/review-documents.server";
import { requireStaff } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

// A brand's or certificate's uploaded document, for staff only, shown inline with the
// type it was stored as and never sniffed by the browser.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const target = reviewTarget(params.kind, params.id);
  if (!target) throw new Response("Not found", { status: 404 });
  const key = await reviewDocumentKey(db(), target);
  const document = key ? await readReviewDocument(key) : null;
  if (!document) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.bytes.byteLength),
      "Content-Disposition": `inline; filename="${target.kind}-${target.id}.${document.extension}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
