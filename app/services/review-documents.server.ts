import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ReviewKind } from "~/models/review.server";
import { getEnv } from "~/utils/env.server";

// Reading the documents cooperatives upload with a brand or certificate. The cooperative
// portal stores them under UPLOADS_DIR as documents/<32 hex>.<pdf|jpg|png>, the extension
// chosen from the file's own bytes; only keys of exactly that shape are ever read.

const DOCUMENT_KEY = /^documents\/[a-f0-9]{32}\.(pdf|jpg|png)$/;
const CONTENT_TYPES = { pdf: "application/pdf", jpg: "image/jpeg", png: "image/png" } as const;

export type DocumentExtension = keyof typeof CONTENT_TYPES;

export function documentKind(key: string | null): "pdf" | "image" | null {
  const match = key ? DOCUMENT_KEY.exec(key) : null;
  if (!match) return null;
  return match[1] === "pdf" ? "pdf" : "image";
}

export async function readReviewDocument(
  key: string,
): Promise<{ bytes: Buffer; contentType: string; extension: DocumentExtension } | null> {
  const match = DOCUMENT_KEY.exec(key);
  if (!match) return null;
  const extension = match[1] as DocumentExtension;
  const root = path.resolve(getEnv().uploadsDir);
  const file = path.resolve(root, key);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    return { bytes: await readFile(file), contentType: CONTENT_TYPES[extension], extension };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The `:kind/:id` of the document URL, or null. */
export function reviewTarget(kind: string | undefined, id: string | undefined): { kind: ReviewKind; id: number } | null {
  if ((kind !== "brand" && kind !== "certification") || !id || !/^\d{1,9}$/.test(id)) return null;
  return { kind, id: Number(id) };
}
