import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormProblem, OptionalNote, useCoopFields } from "~/components/coop/notices";
import { useLocale } from "~/components/coop/locale";
import { Field, FileField, SubmitButton } from "~/components/forms";
import { localized } from "~/i18n";
import type { FieldErrors, FormValues } from "~/types/forms";
import { imageSrcSet, imageUrl } from "~/utils/images";

// The pictures of a product or a listing, in order: each with its buttons to move it up or down
// or remove it and a form for its alt text, then the upload form while there is room for more.
// Every button is a plain form post, so the page works without JavaScript.

type Picture = { id: number; storage_key: string; alt_zh: string; alt_en: string };

/** A refused upload or alt form, as the picture action returns it. */
type Refused = { intent: "upload" | "alt"; imageId: number | null; values: FormValues; errors: FieldErrors };

function HiddenFields({ fields }: { fields: Record<string, string | number> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export function PictureManager({
  images,
  maxImages,
  actionData,
  headingLevel,
}: {
  images: Picture[];
  maxImages: number;
  actionData: Refused | undefined;
  /** The level of each picture's heading, one below the page title. */
  headingLevel: "h2" | "h3";
}) {
  const { t } = useTranslation("coop");
  const field = useCoopFields();
  const locale = useLocale();
  const uploadData = actionData?.intent === "upload" ? actionData : null;
  const Heading = headingLevel;
  return (
    <>
      {images.length === 0 ? <p>{t("imagesPage.none")}</p> : null}
      <ol className="coop-images" data-testid="images">
        {images.map((image, index) => {
          const altData = actionData?.intent === "alt" && actionData.imageId === image.id ? actionData : null;
          const altForm = { values: altData?.values, errors: altData?.errors, idPrefix: `alt-${image.id}` };
          return (
            <li key={image.id} id={`image-${image.id}`} className="card coop-image">
              <Heading>
                {t("imagesPage.position", { n: index + 1 })} {index === 0 ? <span className="badge">{t("imagesPage.first")}</span> : null}
              </Heading>
              <img src={imageUrl(image.storage_key, 320)} srcSet={imageSrcSet(image.storage_key)} sizes="320px" alt={localized(image, "alt", locale)} width={320} height={240} loading="lazy" />
              <div className="coop-image__buttons">
                {index > 0 ? (
                  <Form method="post">
                    <HiddenFields fields={{ intent: "move", image_id: image.id, direction: "up" }} />
                    <SubmitButton className="button--ghost">↑ {t("imagesPage.moveUp")}</SubmitButton>
                  </Form>
                ) : null}
                {index < images.length - 1 ? (
                  <Form method="post">
                    <HiddenFields fields={{ intent: "move", image_id: image.id, direction: "down" }} />
                    <SubmitButton className="button--ghost">↓ {t("imagesPage.moveDown")}</SubmitButton>
                  </Form>
                ) : null}
                <Form method="post">
                  <HiddenFields fields={{ intent: "remove", image_id: image.id }} />
                  <SubmitButton className="button--ghost">{t("imagesPage.remove")}</SubmitButton>
                </Form>
              </div>
              <details open={Boolean(altData)}>
                <summary className="coop-section-title">{t("common.edit")}</summary>
                <FormProblem errors={altData?.errors} />
                <Form method="post" className="coop-form" noValidate>
                  <HiddenFields fields={{ intent: "alt", image_id: image.id }} />
                  <Field {...field(altForm, "alt_zh", image.alt_zh)} label={t("imagesPage.altZh")} maxLength={200} required />
                  <Field {...field(altForm, "alt_en", image.alt_en)} label={t("imagesPage.altEn")} maxLength={200} hint={t("common.englishFallback")} labelNote={<OptionalNote />} />
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
    </>
  );
}
