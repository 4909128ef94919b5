// How large an upload may be, per kind. The server's body limits (request-body.server.ts) are
// worked out from the same numbers as the upload parsers, so a file the page would accept is
// never cut off before it reaches the route, and a far larger one never reaches it at all.

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** A product spreadsheet saved as CSV. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** Why an upload was refused; each one has a plain-words message in the coop namespace (`upload.<problem>`). */
export type UploadProblem =
  | "notMultipart"
  | "malformed"
  | "bodyTooLarge"
  | "tooManyParts"
  | "tooManyFiles"
  | "fileTooLarge"
  | "missingFile"
  | "notAnImage"
  | "unreadableImage"
  | "imageTooBig"
  | "notADocument"
  | "zipDisguisedAsPdf";
