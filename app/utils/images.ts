// Uploaded product pictures are stored as WebP in these widths, under generated keys,
// and served from /uploads/images/ with immutable caching.
export const IMAGE_WIDTHS = [320, 640, 1024] as const;
export const IMAGE_ASPECT = { width: 4, height: 3 } as const;

export function imageUrl(storageKey: string, width: (typeof IMAGE_WIDTHS)[number]): string {
  return `/uploads/images/${storageKey}-${width}.webp`;
}

export function imageSrcSet(storageKey: string): string {
  return IMAGE_WIDTHS.map((width) => `${imageUrl(storageKey, width)} ${width}w`).join(", ");
}

/** The drawn illustration a product without photographs is shown with. */
export function illustrationUrl(illustration: string): string {
  return `/images/produce/${encodeURIComponent(illustration)}.svg`;
}
