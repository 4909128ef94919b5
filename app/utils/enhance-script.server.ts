import { readdirSync } from "node:fs";

// The catalogue script's URL, as `npm run build` wrote it (app/enhance/build.ts): a
// content-hashed name under /build, which the server sends with a year-long immutable cache.
// A new build changes the name, and the build is part of every catalogue page's ETag.
const ENHANCE_DIR = "public/build/enhance";
let found: string | null | undefined;

/** "/build/enhance/catalogue-<hash>.js", or null when the script was not built (pages work without it). */
export function enhanceScriptSrc(): string | null {
  if (found === undefined) {
    try {
      const file = readdirSync(ENHANCE_DIR).find((name) => /^catalogue-[0-9a-f]{10}\.js$/.test(name));
      found = file ? `/build/enhance/${file}` : null;
    } catch {
      found = null;
    }
  }
  return found;
}
