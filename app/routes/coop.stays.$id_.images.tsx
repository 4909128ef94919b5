import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormProblem, OptionalNote, useCoopFields } from "~/components/coop/notices";
import { useLocale } from "~/components/coop/locale";
import { imageUploadMessage } from "~/components/coop/upload-messages";
import { Field, FileField, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StayNotice } from "~/components/stays-host/ui";
import { localized } from "~/i18n";
import { addStayImage, countStayImages, listStayImages, MAX_IMAGES_PER_LISTING, moveStayImage, removeStayImage, updateStayImageAlt } from "~/models/stay-image.server";
import { getListing } from "~/models/stay.server";
import { imageAltSchema } from "~/schemas/coop";
import { requireCooperative } from "~/services/auth.server";
import { checkImage, deleteProductImageFiles, parseUploadForm, storeProductImage, textFields, uploadedBytes, UploadRefusedError } from "~/services/uploads.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { fieldErrors, formValues, type FieldErrors } from "~/utils/form-errors.server";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { imageSrcSet, imageUrl } from "~/utils/images";
import { invariantResponse, notFound } from "~/utils/responses.server";
import { MAX_IMAGE_BYTES } from "~/utils/upload-limits";

// The photos of a stay or experience, through the same picture pipeline as product photos:
// checked (a real JPEG, PNG or WebP within the limits), stored as WebP renditions, described.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** Checked before a byte of the body is read: another cooperative's listing is simply not found. */
async function requireListing(request: Request, params: LoaderFunctionArgs["params"]) {
  const { cooperative } = await requireCooperative(request);
  if (!/^\d{1,9}$/.test(params.id ?? "")) throw notFound();
  const listing = await getListing(db(), { cooperativeId: cooperative.id, listingId: Number(params.id) });
  if (!listing) throw notFound();
  return { cooperative, listing };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listing } = await requireListing(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coopStays");
  const images = await listStayImages(db(), { listingId: listing.id });
  return json(
    {
      title: t("meta.images", { name: localized(listing, "name", locale) }),
      listing: { id: listing.id, name_zh: listing.name_zh, name_en: listing.name_en },
      images,
      maxImages: MAX_IMAGES_PER_LISTING,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const imageIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), image_id: z.coerce.number().int().positive().max(2_000_000_000), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), image_id: z.coerce.number().int().positive().max(2_000_000_000) }),
  z.object({ intent: z.literal("alt"), image_id: z.coerce.number().int().positive().max(2_000_000_000), alt_zh: z.string(), alt_en: z.string() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { cooperative, listing } = await requireListing(request, params);
  const base = `/coop/stays/${listing.id}/images`;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return uploadImage(request, listing.id, cooperative.id);
  }
  const formData = await readForm(request);
  const parsed = imageIntent.safeParse(Object.fromEntries(formData));
  invariantResponse(parsed.success, "Unknown request");
  const input = parsed.data;
  const scope = { imageId: input.image_id, listingId: listing.id, cooperativeId: cooperative.id };
  if (input.intent === "move") {
    await moveStayImage(db(), { ...scope, direction: input.direction });
    return redirect(`${base}?notice=imageMoved#image-${input.image_id}`);
  }
  if (input.intent === "remove") {
    const storageKey = await removeStayImage(db(), scope);
    await deleteProductImageFiles(storageKey);
    return redirect(`${base}?notice=imageRemoved`);
  }
  const alt = imageAltSchema.safeParse(input);
  if (!alt.success) return json({ intent: "alt", imageId: input.image_id, values: formValues(formData), errors: fieldErrors(alt.error) }, { status: 400 });
  await updateStayImageAlt(db(), { ...scope, alt: alt.data });
  return redirect(`${base}?notice=imageSaved#image-${input.image_id}`);
}

async function uploadImage(request: Request, listingId: number, cooperativeId: number) {
  const parsed = await parseUploadForm(request, { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: 1, maxParts: 12, maxFieldBytes: 8 * 1024 });
  const values = textFields(parsed.formData);
  const refuse = (errors: FieldErrors) => json({ intent: "upload", imageId: null, values, errors }, { status: 400 });
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
    const problem = bytes ? await checkImage(bytes) : null;
    if (problem) errors.file = imageUploadMessage(problem);
    return refuse(errors);
  }
  if (!bytes) return refuse(errors);
  if ((await countStayImages(db(), { listingId })) >= MAX_IMAGES_PER_LISTING) return refuse({ file: "upload.tooManyFiles" });

  let stored;
  try {
    stored = await storeProductImage(bytes);
  } catch (error) {
    if (error instanceof UploadRefusedError) return refuse({ file: imageUploadMessage(error.problem) });
    throw error;
  }
  try {
    await addStayImage(db(), { listingId, cooperativeId, image: stored, alt: alt.data });
  } catch (error) {
    // The row is what makes the files reachable; without it they must not linger.
    await deleteProductImageFiles(stored.storageKey);
    throw error;
  }
  return redirect(`/coop/stays/${listingId}/images?notice=imageAdded`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StayImages() {
  const { listing, images, maxImages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const { t: ts } = useTranslation("coopStays");
  const field = useCoopFields();
  const locale = useLocale();
  const uploadData = actionData?.intent === "upload" ? actionData : null;
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to={`/coop/stays/${listing.id}`}>← {localized(listing, "name", locale)}</Link>
      </p>
      <StayNotice />
      <h1>{ts("imagesPage.title")}</h1>
      <p className="muted">{ts("imagesPage.intro")}</p>
      {images.length === 0 ? <p>{t("imagesPage.none")}</p> : null}
      <ol className="coop-images" data-testid="images">
        {images.map((image, index) => {
          const altData = actionData?.intent === "alt" && actionData.imageId === image.id ? actionData : null;
          return (
            <li key={image.id} id={`image-${image.id}`} className="card coop-image">
              <h2>
                {t("imagesPage.position", { n: index + 1 })} {index === 0 ? <span className="badge">{t("imagesPage.first")}</span> : null}
              </h2>
              <img src={imageUrl(image.storage_key, 320)} srcSet={imageSrcSet(image.storage_key)} sizes="320px" alt={localized(image, "alt", locale)} width={320} height={240} loading="lazy" />
              <div className="coop-image__buttons">
                {index > 0 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="image_id" value={image.id} />
                    <input type="hidden" name="direction" value="up" />
                    <SubmitButton className="button--ghost">↑ {t("imagesPage.moveUp")}</SubmitButton>
                  </Form>
                ) : null}
                {index < images.length - 1 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="image_id" value={image.id} />
                    <input type="hidden" name="direction" value="down" />
                    <SubmitButton className="button--ghost">↓ {t("imagesPage.moveDown")}</SubmitButton>
                  </Form>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="image_id" value={image.id} />
                  <SubmitButton className="button--ghost">{t("imagesPage.remove")}</SubmitButton>
                </Form>
              </div>
              <details open={Boolean(altData)}>
                <summary className="coop-section-title">{t("common.edit")}</summary>
                <FormProblem errors={altData?.errors} />
                <Form method="post" className="coop-form" noValidate>
                  <input type="hidden" name="intent" value="alt" />
                  <input type="hidden" name="image_id" value={image.id} />
                  <Field {...field({ values: altData?.values, errors: altData?.errors, idPrefix: `alt-${image.id}` }, "alt_zh", image.alt_zh)} label={t("imagesPage.altZh")} maxLength={200} required />
                  <Field {...field({ values: altData?.values, errors: altData?.errors, idPrefix: `alt-${image.id}` }, "alt_en", image.alt_en)} label={t("imagesPage.altEn")} maxLength={200} hint={t("common.englishFallback")} labelNote={<OptionalNote />} />
                  <div className="coop-form__actions">
                    <SubmitButton>{t("imagesPage.saveAlt")}</SubmitButton>
                  </div>
                </Form>
              </details>
            </li>
          );
        })}
      </ol>

      {images.length < maxImages ? (
        <section className="card" aria-labelledby="upload-image">
          <h2 id="upload-image">{t("imagesPage.upload")}</h2>
          <FormProblem errors={uploadData?.errors} fileWasChosen={Boolean(uploadData)} />
          <Form method="post" encType="multipart/form-data" className="coop-form" noValidate>
            <FileField {...field({ errors: uploadData?.errors, idPrefix: "upload" }, "file")} label={t("imagesPage.file")} accept="image/jpeg,image/png,image/webp" required inputClassName="coop-file" />
            <Field {...field({ values: uploadData?.values, errors: uploadData?.errors, idPrefix: "upload" }, "alt_zh")} label={t("imagesPage.altZh")} hint={t("imagesPage.altHint")} maxLength={200} required />
            <Field {...field({ values: uploadData?.values, errors: uploadData?.errors, idPrefix: "upload" }, "alt_en")} label={t("imagesPage.altEn")} maxLength={200} hint={t("common.englishFallback")} labelNote={<OptionalNote />} />
            <div className="coop-form__actions">
              <SubmitButton pendingText={t("common.saving")}>{t("imagesPage.uploadSubmit")}</SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
