import type { ProductPicture as Picture } from "~/types/catalogue";
import { IMAGE_ASPECT, imageSrcSet, imageUrl } from "~/utils/images";

// Every product picture sits in a 4:3 frame whose size is known before it loads (explicit
// width and height), so nothing on the page moves when pictures arrive.
const FRAME_WIDTH = 640;
const FRAME_HEIGHT = (FRAME_WIDTH * IMAGE_ASPECT.height) / IMAGE_ASPECT.width;

export function ProductPicture({
  picture,
  sizes,
  priority = false,
  className,
}: {
  picture: Picture;
  /** The `sizes` attribute: how wide the picture is drawn at each viewport width. */
  sizes: string;
  /** The largest picture above the fold: load it first. */
  priority?: boolean;
  className?: string;
}) {
  const loading = priority ? "eager" : "lazy";
  const fetchPriority = priority ? { fetchpriority: "high" } : {};
  // Only the source differs: a photo brings its sizes, an illustration is marked as one.
  const source =
    picture.kind === "photo"
      ? { className, src: imageUrl(picture.storageKey, 640), srcSet: imageSrcSet(picture.storageKey), sizes }
      : { className: className ? `${className} is-illustration` : "is-illustration", src: picture.src };
  return (
    <img
      {...source}
      width={FRAME_WIDTH}
      height={FRAME_HEIGHT}
      alt={picture.alt}
      loading={loading}
      decoding="async"
      {...fetchPriority}
    />
  );
}
