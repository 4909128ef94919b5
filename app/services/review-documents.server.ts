import type { ReviewKind } from "~/models/review.server";
import { checkDocument, documentExists, documentKind, readDocument, type DocumentExtension } from "~/services/uploads.server";

// The documents cooperatives upload with a brand or certificate, as staff review them. The
// stored key goes to a file through uploads.server (documentFile), the same way the
// cooperative's own "view document" link goes, so both always open the same stored file.

/**
 * What a reviewer can see of a record's document: a PDF, a picture, a key whose file is gone,
 * nothing sent, or a stored picture that fails today's upload checks (sent before the pixel
 * limit applied to documents), which is never put in an <img>.
 */
export type ReviewDocumentState = "pdf" | "image" | "missing" | "none" | "unsafe";

export async function reviewDocumentState(documentKey: string | null): Promise<ReviewDocumentState> {
  if (!documentKey) return "none";
  const kind = documentKind(documentKey);
  if (kind === "pdf") return (await documentExists(documentKey)) ? "pdf" : "missing";
  const document = kind ? await readDocument(documentKey) : null;
  if (!document) return "missing";
  return "problem" in (await checkDocument(document.bytes)) ? "unsafe" : "image";
}

/** How to send a stored document: a picture that fails today's checks only ever as a download. */
export async function safeDisposition(
  document: { bytes: Uint8Array; ext: DocumentExtension },
  wanted: "inline" | "attachment",
): Promise<"inline" | "attachment"> {
  if (wanted === "attachment" || document.ext === "pdf") return wanted;
  return "problem" in (await checkDocument(document.bytes)) ? "attachment" : "inline";
}

/** Only a record whose document can be read may be verified: a badge rests on what staff saw. */
export function canVerify(state: ReviewDocumentState): boolean {
  return state === "pdf" || state === "image";
}

/** The `:kind/:id` of the document URL, or null. */
export function reviewTarget(kind: string | undefined, id: string | undefined): { kind: ReviewKind; id: number } | null {
  if ((kind !== "brand" && kind !== "certification") || !id || !/^\d{1,9}$/.test(id)) return null;
  return { kind, id: Number(id) };
}

/**
 * A stored document as an HTTP response. The type is the one it was stored as and is never
 * sniffed; the response's own policy runs nothing (`sandbox`, no sources but its own picture),
 * so a PDF with scripts or a picture opened on its own stays inert. `frameable` lets the shop's
 * own review page embed it (the framing headers themselves come from securityHeaders by path).
 */
export function documentResponse(
  document: { bytes: Uint8Array; contentType: string; ext: DocumentExtension },
  { disposition, fileName, frameable }: { disposition: "inline" | "attachment"; fileName: string; frameable: boolean },
): Response {
  return new Response(new Uint8Array(document.bytes), {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.bytes.byteLength),
      "Content-Disposition": `${disposition}; filename="${fileName}.${document.ext}"`,
      "Content-Security-Policy": `default-src 'none'; img-src 'self'; frame-ancestors ${frameable ? "'self'" : "'none'"}; sandbox`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
