import type { UploadProblem } from "~/utils/upload-limits";

/** The `coop` message key for a refused picture. */
export function imageUploadMessage(problem: UploadProblem): string {
  return problem === "fileTooLarge" ? "upload.imageTooLarge" : `upload.${problem}`;
}

