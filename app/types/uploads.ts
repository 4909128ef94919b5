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
