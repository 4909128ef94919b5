// `npm run build` runs this after `remix build` (which empties public/build): writes the
// catalogue script under a content-hashed name, served from /build with a year-long cache.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundleEnhanceScript, ENHANCE_OUT_DIR } from "./bundle";

const { code, fileName } = await bundleEnhanceScript();
mkdirSync(ENHANCE_OUT_DIR, { recursive: true });
writeFileSync(join(ENHANCE_OUT_DIR, fileName), code);
console.info(`[enhance] ${join(ENHANCE_OUT_DIR, fileName)}: ${code.length} bytes, ${gzipSync(code).length} bytes gzip`);
