import type { z } from "zod";
import { getBrand, resubmitBrand, submitBrand } from "~/models/brand.server";
import { getCertification, resubmitCertification, submitCertification } from "~/models/certification.server";
import type { Outcome } from "~/models/outcome.server";
import { brandSchema, certificationSchema, type BrandInput, type CertificationInput } from "~/schemas/coop";
import { deleteDocument, parseUploadForm, receiveFormDocument, textFields } from "~/services/uploads.server";
import { db } from "~/utils/db.server";
import { fieldErrors, type FieldErrors } from "~/utils/form-errors.server";
import { notFound } from "~/utils/responses.server";
import { MAX_DOCUMENT_BYTES, type UploadProblem } from "~/utils/upload-limits";

// Brands and certificates are both "a record with one proof document, reviewed by staff": the
// cooperative submits one, or corrects a pending or rejected one (the document then optional).
// The upload, the field checks, the ownership check and cleaning up the stored file when the
// model refuses are the same for both, so they live here once and the two pages stay thin.

/** What a page shows after a refused submission: the values typed and a message key per field. */
export type TrustDocumentRefusal = { ok: false; values: Record<string, string>; errors: FieldErrors };
export type TrustDocumentResult = { ok: true } | TrustDocumentRefusal;

/** The `coop` message key for a refused brand or certificate document. */
function documentUploadMessage(problem: UploadProblem): string {
  return problem === "fileTooLarge" ? "upload.documentTooLarge" : `upload.${problem}`;
}

/** An id in a hidden field: absent means "a new one"; anything but digits is a forged request. */
function hiddenId(values: Record<string, string>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new Response("Unknown request", { status: 400 });
  return Number(raw);
}

type Kind<Input> = {
  /** The hidden field naming the record being corrected. */
  idField: string;
  schema: z.ZodType<Input, any>;
  /** Whether the record exists and is this cooperative's own. */
  owns: (id: number) => Promise<boolean>;
  /** Further ids in the input that must be this cooperative's own (a renewal's predecessor). */
  referencedIds?: (input: Input) => number[];
  submit: (input: Input, documentKey: string) => Promise<Outcome>;
  resubmit: (id: number, input: Input, documentKey: string | undefined) => Promise<Outcome<{ replacedDocumentKey: string | null }>>;
};

async function receive<Input>(request: Request, kind: Kind<Input>): Promise<TrustDocumentResult> {
  const parsed = await parseUploadForm(request, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: 1, maxParts: 16, maxFieldBytes: 4 * 1024 });
  const values = textFields(parsed.formData);
  const refuse = (errors: FieldErrors): TrustDocumentRefusal => ({ ok: false, values, errors });
  if (parsed.formProblem) return refuse({ form: documentUploadMessage(parsed.formProblem) });

  // Hidden fields name records; each must be this cooperative's own, else nothing is found.
  const id = hiddenId(values, kind.idField);
  if (id !== undefined && !(await kind.owns(id))) throw notFound();
  const input = kind.schema.safeParse(values);
  if (input.success) {
    for (const other of kind.referencedIds?.(input.data) ?? []) if (!(await kind.owns(other))) throw notFound();
  }

  const errors: FieldErrors = input.success ? {} : fieldErrors(input.error);
  // Everything at once: a bad file is reported with the fields, not after they are fixed.
  const document = await receiveFormDocument(parsed, { optional: id !== undefined, store: input.success });
  if ("problem" in document) errors.document = documentUploadMessage(document.problem);
  if (!input.success || "problem" in document) return refuse(errors);
  const documentKey = document.key;
  const result = id === undefined ? await kind.submit(input.data, documentKey!) : await kind.resubmit(id, input.data, documentKey);
  if (!result.ok) {
    // The model refused after the file was stored: nothing points at it, so it goes.
    if (documentKey) await deleteDocument(documentKey);
    return refuse(result.errors);
  }
  if ("replacedDocumentKey" in result && typeof result.replacedDocumentKey === "string") await deleteDocument(result.replacedDocumentKey);
  return { ok: true };
}

/** A new brand, or the correction of one (hidden `brand_id`), from the cooperative's upload form. */
export function receiveBrand(request: Request, { cooperativeId }: { cooperativeId: number }): Promise<TrustDocumentResult> {
  return receive<BrandInput>(request, {
    idField: "brand_id",
    schema: brandSchema,
    owns: async (id) => Boolean(await getBrand(db(), { id, cooperativeId })),
    submit: (input, documentKey) => submitBrand(db(), { cooperativeId, input, documentKey }),
    resubmit: (id, input, documentKey) => resubmitBrand(db(), { id, cooperativeId, input, documentKey }),
  });
}

/** A new certificate or renewal, or the correction of one (hidden `certification_id`). */
export function receiveCertification(request: Request, { cooperativeId }: { cooperativeId: number }): Promise<TrustDocumentResult> {
  return receive<CertificationInput>(request, {
    idField: "certification_id",
    schema: certificationSchema,
    owns: async (id) => Boolean(await getCertification(db(), { id, cooperativeId })),
    referencedIds: (input) => (input.replaces_id === undefined ? [] : [input.replaces_id]),
    submit: (input, documentKey) => submitCertification(db(), { cooperativeId, input, documentKey }),
    resubmit: (id, input, documentKey) => resubmitCertification(db(), { id, cooperativeId, input, documentKey }),
  });
}
