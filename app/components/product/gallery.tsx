import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProductPicture } from "~/components/catalogue/product-picture";
import type { ProductPicture as Picture } from "~/models/catalogue.server";

const MAIN_SIZES = "(min-width: 960px) 560px, 100vw";

/** The main picture in a fixed 4:3 frame, with thumbnails when there are several photos. */
export function ProductGallery({ pictures, name }: { pictures: readonly Picture[]; name: string }) {
  const { t } = useTranslation("catalogue");
  const [index, setIndex] = useState(0);
  const current = pictures[index] ?? pictures[0];
  if (!current) return null;
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
              <button
                type="button"
                className={`gallery__thumb${i === index ? " is-selected" : ""}`}
                aria-pressed={i === index}
                aria-label={`${name} ${i + 1}/${pictures.length}`}
                onClick={() => setIndex(i)}
              >
                <ProductPicture picture={picture} sizes="96px" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
