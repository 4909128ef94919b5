import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { addPicture, countPictures, movePicture, removePicture, updatePictureAlt, type PictureOwner } from "~/models/picture-list.server";
import { imageAltSchema } from "~/schemas/coop";
import { checkImage, deleteProductImageFiles, parseUploadForm, storeProductImage, textFields, uploadedBytes, UploadRefusedError } from "~/services/uploads.server";
import { db } from "~/utils/db.server";
import { fieldErrors, formValues, type FieldErrors } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/responses.server";
import { MAX_IMAGE_BYTES, type UploadProblem } from "~/utils/upload-limits";

// The one action of a picture manager page (a product's or a listing's pictures): a multipart
// upload through the picture pipeline (checked as a real JPEG, PNG or WebP within the limits, stored
// as WebP renditions, described), or a move, a removal or new alt text for one picture.

/** The page, its owner row (already found as the cooperative's) and the kind of owner. */
export type PicturePage = { owner: PictureOwner; ownerId: number; cooperativeId: number; url: string };

/** The `coop` message key for a refused picture. */
function imageUploadMessage(problem: UploadProblem): string {
  return problem === "fileTooLarge" ? "upload.imageTooLarge" : `upload.${problem}`;
}

const imageId = z.coerce.number().int().positive().max(2_000_000_000);
const pictureIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), image_id: imageId, direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), image_id: imageId }),
  z.object({ intent: z.literal("alt"), image_id: imageId, alt_zh: z.string(), alt_en: z.string() }),
]);

export async function pictureAction(request: Request, page: PicturePage) {
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return uploadPicture(request, page);
  }
  const { owner, url } = page;
  const formData = await readForm(request);
  const parsed = pictureIntent.safeParse(Object.fromEntries(formData));
  invariantResponse(parsed.success, "Unknown request");
  const input = parsed.data;
  const scope = { imageId: input.image_id, ownerId: page.ownerId, cooperativeId: page.cooperativeId };
  if (input.intent === "move") {
    await movePicture(db(), owner, { ...scope, direction: input.direction });
    return redirect(`${url}?notice=imageMoved#image-${input.image_id}`);
  }
  if (input.intent === "remove") {
    const storageKey = await removePicture(db(), owner, scope);
    await deleteProductImageFiles(storageKey);
    return redirect(`${url}?notice=imageRemoved`);
  }
  const alt = imageAltSchema.safeParse(input);
  if (!alt.success) {
    return json({ intent: "alt" as const, imageId: input.image_id as number | null, values: formValues(formData), errors: fieldErrors(alt.error) }, { status: 400 });
  }
  await updatePictureAlt(db(), owner, { ...scope, alt: alt.data });
  return redirect(`${url}?notice=imageSaved#image-${input.image_id}`);
}

async function uploadPicture(request: Request, { owner, ownerId, cooperativeId, url }: PicturePage) {
  const parsed = await parseUploadForm(request, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: 1, maxParts: 12, maxFieldBytes: 8 * 1024 });
  const values = textFields(parsed.formData);
  const refuse = (errors: FieldErrors) => json({ intent: "upload" as const, imageId: null as number | null, values, errors }, { status: 400 });
  if (parsed.formProblem) return refuse({ form: imageUploadMessage(parsed.formProblem) });

  const errors: FieldErrors = {};
  const alt = imageAltSchema.safeParse(values);
  if (!alt.success) Object.assign(errors, fieldErrors(alt.error));
  let bytes: Uint8Array | null = null;
  try {
    bytes = await uploadedBytes(parsed, "file");
  } catch (error) {
    if (!(error instanceof UploadRefusedError)) throw error;
    errors.file = imageUploadMessage(error.problem);
  }
  if (!alt.success) {
    // Say everything at once: a bad file is reported with the missing descriptions.
    const problem = bytes ? await checkImage(bytes) : null;
    if (problem) errors.file = imageUploadMessage(problem);
    return refuse(errors);
  }
  if (!bytes) return refuse(errors);
  if ((await countPictures(db(), owner, ownerId)) >= owner.maxPictures) return refuse({ file: "upload.tooManyFiles" });

  let stored;
  try {
    stored = await storeProductImage(bytes);
  } catch (error) {
    if (error instanceof UploadRefusedError) return refuse({ file: imageUploadMessage(error.problem) });
    throw error;
  }
  try {
    await addPicture(db(), owner, { ownerId, cooperativeId, image: stored, alt: alt.data });
  } catch (error) {
    // The row is what makes the files reachable; without it they must not linger.
    await deleteProductImageFiles(stored.storageKey);
    throw error;
  }
  return redirect(`${url}?notice=imageAdded`);
}
