import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentCooperativeId } from "~/models/certification.server";
import { documentResponse, safeDisposition } from "~/services/review-documents.server";
import { isValidDocumentKey, readDocument } from "~/services/uploads.server";
import { forbidden, isStaff, requireUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

// A brand or certificate document: only for the members of the cooperative that sent it, and
// for staff who review it. Read through the same key-to-file mapping as the staff viewer;
// served as a download (PDF) or a plain picture, never as a page of ours.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const key = params.key ?? "";
  if (!isValidDocumentKey(key)) throw notFound();
  const ownerId = await documentCooperativeId(db(), { documentKey: key });
  if (ownerId === null) throw notFound();
  const allowed = isStaff(user) || user.cooperatives.some((c) => c.id === ownerId);
  // Someone else's document is not even confirmed to exist.
  if (!allowed) throw user.cooperatives.length > 0 ? notFound() : forbidden();
  const document = await readDocument(key);
  if (!document) throw notFound();
  // A PDF opens in the viewer of the reader's choice, not as a document of this origin.
  return documentResponse(document, {
    disposition: await safeDisposition(document, document.ext === "pdf" ? "attachment" : "inline"),
    fileName: `document-${key.slice(0, 8)}`,
    frameable: false,
  });
}
