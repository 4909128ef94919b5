import type { LoaderFunctionArgs } from "@remix-run/node";
import { readImageFile } from "~/services/uploads.server";
import { notFound } from "~/utils/responses.server";

// Product pictures, public. A name is `<random key>-<width>.webp` and its bytes never change
// (a new picture gets a new key), so browsers and a CDN may keep it for a year.
export async function loader({ params }: LoaderFunctionArgs) {
  const bytes = await readImageFile(params.file ?? "");
  if (!bytes) throw notFound({ headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
