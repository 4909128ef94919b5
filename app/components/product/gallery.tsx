import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductPicture } from "~/components/catalogue/product-picture";
import type { ProductPicture as Picture } from "~/types/catalogue";

const MAIN_SIZES = "(min-width: 960px) 560px, 100vw";

/**
 * The main picture in a fixed 4:3 frame, with thumbnails when there are several photos.
 * The photo shown lives in the URL (?photo=2), as the size does: thumbnails are plain links.
 */
export function ProductGallery({ pictures, name }: { pictures: readonly Picture[]; name: string }) {
  const { t } = useTranslation("catalogue");
  const [searchParams] = useSearchParams();
  const requested = Number(searchParams.get("photo"));
  const index = Number.isInteger(requested) && requested >= 1 && requested <= pictures.length ? requested - 1 : 0;
  const current = pictures[index];
  if (!current) return null;
  const linkTo = (i: number) => {
    const params = new URLSearchParams(searchParams);
    if (i === 0) params.delete("photo");
    else params.set("photo", String(i + 1));
    params.delete("added");
    const search = params.toString();
    return search ? `?${search}` : ".";
  };
  return (
    <div className="gallery" aria-label={t("product.gallery")} role="group">
      <div className="gallery__main">
        <ProductPicture picture={current} sizes={MAIN_SIZES} priority />
        {current.kind === "illustration" ? <span className="gallery__note">{t("product.illustrationNote")}</span> : null}
      </div>
      {pictures.length > 1 ? (
        <ul className="gallery__thumbs">
          {pictures.map((picture, i) => (
            <li key={picture.kind === "photo" ? picture.storageKey : picture.src}>
              <Link
                to={linkTo(i)}
                replace
                preventScrollReset
                className={`gallery__thumb${i === index ? " is-selected" : ""}`}
                aria-current={i === index ? "true" : undefined}
                aria-label={`${name} ${i + 1}/${pictures.length}`}
              >
                <ProductPicture picture={picture} sizes="96px" />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
