import type { UploadProblem } from "~/types/uploads";

/** The `coop` message key for a refused picture. */
export function imageUploadMessage(problem: UploadProblem): string {
  return problem === "fileTooLarge" ? "upload.imageTooLarge" : `upload.${problem}`;
}

/** The `coop` message key for a refused brand or certificate document. */
export function documentUploadMessage(problem: UploadProblem): string {
  return problem === "fileTooLarge" ? "upload.documentTooLarge" : `upload.${problem}`;
}
