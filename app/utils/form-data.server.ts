import { BodyTooLargeError } from "~/utils/request-body.server";

// The one way an action reads a form. A body that is not a form (JSON, plain text, nothing at
// all), a multipart body that does not parse, or one cut off for being too large is the
// sender's mistake: it is answered with a 4xx and the normal error page (the route's error
// boundary), never a 500. Uploads (streamed multipart with files) go through
// `parseUploadForm` instead, and webhooks read their raw bodies.

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

function refuse(status: 400 | 413 | 415): never {
  throw new Response(null, { status, statusText: status === 413 ? "Payload Too Large" : status === 415 ? "Unsupported Media Type" : "Bad Request" });
}

/**
 * The submitted form of an action. Throws a 400 Response for a missing or malformed body, 415
 * for a body of another kind than a form, 413 for one over the size limit of its route.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = mediaType(request.headers.get("Content-Type"));
  if (type === "") refuse(400);
  if (!FORM_TYPES.includes(type)) refuse(415);
  if (type === "multipart/form-data" && !/;\s*boundary=/i.test(request.headers.get("Content-Type") ?? "")) refuse(400);
  try {
    return await request.formData();
  } catch (error) {
    if (error instanceof BodyTooLargeError) refuse(413);
    // The signal aborted: the client went away; nothing is answered to anyone.
    if (request.signal.aborted) throw error;
    refuse(400);
  }
}
