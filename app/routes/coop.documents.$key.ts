import type { LoaderFunctionArgs } from "@remix-run/node";
import { documentCooperativeId } from "~/models/certification.server";
import { readDocument, isValidDocumentKey } from "~/services/uploads.server";
import { forbidden, isStaff, requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

// A brand or certificate document: only for the members of the cooperative that sent it, and
// for staff who review it. Served as a download or a plain image, never as a page of ours.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const key = params.key ?? "";
  if (!isValidDocumentKey(key)) throw new Response("Not found", { status: 404 });
  const ownerId = await documentCooperativeId(db(), { documentKey: key });
  if (ownerId === null) throw new Response("Not found", { status: 404 });
  const allowed = isStaff(user) || user.cooperatives.some((c) => c.id === ownerId);
  // Someone else's document is not even confirmed to exist.
  if (!allowed) throw user.cooperatives.length > 0 ? new Response("Not found", { status: 404 }) : forbidden();
  const document = await readDocument(key);
  if (!document) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.bytes.byteLength),
      // A PDF opens in the viewer of the reader's choice, not as a document of this origin.
      "Content-Disposition": `${document.ext === "pdf" ? "attachment" : "inline"}; filename="document-${key.slice(0, 8)}.${document.ext}"`,
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
