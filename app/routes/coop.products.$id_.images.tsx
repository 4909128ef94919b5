import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormProblem, OptionalNote, useCoopFields } from "~/components/coop/notices";
import { Field, FileField, SubmitButton } from "~/components/forms";
import { useLocale } from "~/components/coop/locale";
import { ProductPageHeader } from "~/components/coop/product-page-header";
import { imageUploadMessage } from "~/components/coop/upload-messages";
import { imageAltSchema } from "~/schemas/coop";
import { fieldErrors, formValues, type FieldErrors } from "~/utils/form-errors.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/i18n";
import {
  addProductImage,
  countProductImages,
  MAX_IMAGES_PER_PRODUCT,
  moveProductImage,
  removeProductImage,
  updateProductImageAlt,
} from "~/models/product-image.server";
import { requireCooperativeProduct, requireCooperativeProductEditor } from "~/services/coop-access.server";
import {
  checkImage,
  deleteProductImageFiles,
  parseUploadForm,
  storeProductImage,
  textFields,
  uploadedBytes,
  UploadRefusedError,
} from "~/services/uploads.server";
import { MAX_IMAGE_BYTES } from "~/utils/upload-limits";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { imageSrcSet, imageUrl } from "~/utils/images";
import { readForm } from "~/utils/form-data.server";
import { invariantResponse } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { editor } = await requireCooperativeProductEditor(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  return json(
    { title: t("meta.images", { name: localized(editor.product, "name", locale) }), product: editor.product, images: editor.images, maxImages: MAX_IMAGES_PER_PRODUCT },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const imageIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), image_id: z.coerce.number().int().positive(), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), image_id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("alt"), image_id: z.coerce.number().int().positive(), alt_zh: z.string(), alt_en: z.string() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  // Checked before a byte of the body is read: another cooperative's product is simply not found.
  const { cooperative, product } = await requireCooperativeProduct(request, params);
  const productId = product.id;

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return uploadImage(request, productId, cooperative.id);
  }

  const formData = await readForm(request);
  const parsed = imageIntent.safeParse(Object.fromEntries(formData));
  invariantResponse(parsed.success, "Unknown request");
  const input = parsed.data;
  const scope = { imageId: input.image_id, productId, cooperativeId: cooperative.id };
  if (input.intent === "move") {
    await moveProductImage(db(), { ...scope, direction: input.direction });
    return redirect(`/coop/products/${productId}/images?notice=imageMoved#image-${input.image_id}`);
  }
  if (input.intent === "remove") {
    const storageKey = await removeProductImage(db(), scope);
    await deleteProductImageFiles(storageKey);
    return redirect(`/coop/products/${productId}/images?notice=imageRemoved`);
  }
  const alt = imageAltSchema.safeParse(input);
  if (!alt.success) {
    return json({ intent: "alt", imageId: input.image_id, values: formValues(formData), errors: fieldErrors(alt.error) }, { status: 400 });
  }
  await updateProductImageAlt(db(), { ...scope, alt: alt.data });
  return redirect(`/coop/products/${productId}/images?notice=imageSaved#image-${input.image_id}`);
}

async function uploadImage(request: Request, productId: number, cooperativeId: number) {
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
    // Say everything at once: a bad file is reported with the missing descriptions.
    const problem = bytes ? await checkImage(bytes) : null;
    if (problem) errors.file = imageUploadMessage(problem);
    return refuse(errors);
  }
  if (!bytes) return refuse(errors);
  if ((await countProductImages(db(), { productId })) >= MAX_IMAGES_PER_PRODUCT) return refuse({ file: "upload.tooManyFiles" });

  let stored;
  try {
    stored = await storeProductImage(bytes);
  } catch (error) {
    if (error instanceof UploadRefusedError) return refuse({ file: imageUploadMessage(error.problem) });
    throw error;
  }
  try {
    await addProductImage(db(), { productId, cooperativeId, image: stored, alt: alt.data });
  } catch (error) {
    // The row is what makes the files reachable; without it they must not linger.
    await deleteProductImageFiles(stored.storageKey);
    throw error;
  }
  return redirect(`/coop/products/${productId}/images?notice=imageAdded`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ProductImages() {
  const { product, images, maxImages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const locale = useLocale();
  const uploadData = actionData?.intent === "upload" ? actionData : null;
  return (
    <div className="coop-page">
      <ProductPageHeader product={product} title={t("imagesPage.title")} intro={t("imagesPage.intro")} />
      {images.length === 0 ? <p>{t("imagesPage.none")}</p> : null}
      <ol className="coop-images" data-testid="images">
        {images.map((image, index) => {
          const altData = actionData?.intent === "alt" && actionData.imageId === image.id ? actionData : null;
          return (
            <li key={image.id} id={`image-${image.id}`} className="card coop-image">
              <h3>
                {t("imagesPage.position", { n: index + 1 })} {index === 0 ? <span className="badge">{t("imagesPage.first")}</span> : null}
              </h3>
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
