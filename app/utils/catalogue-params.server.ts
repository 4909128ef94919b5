// What route modules of catalogue pages use to parse requests, from a server-only module:
// the classic compiler keeps a whole imported module (and zod with it) in the page's
// browser bundle even when only the loader uses it, but swaps *.server modules for empty ones.
export { decodeCursor, parseCatalogueParams, skuSchema, slugParamsSchema } from "~/utils/catalogue-params";
