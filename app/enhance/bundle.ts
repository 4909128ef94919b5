import { build } from "esbuild";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";

/** Where the server finds the script (utils/enhance-script.server.ts reads the same folder). */
export const ENHANCE_OUT_DIR = "public/build/enhance";
/** The budget for all catalogue pages together, gzipped. */
export const ENHANCE_MAX_GZIP_BYTES = 5 * 1024;

/** The catalogue script, minified for browsers from 2019 on, with its content-hashed file name. */
export async function bundleEnhanceScript(): Promise<{ code: string; fileName: string }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./catalogue.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019", "safari13"],
    write: false,
    legalComments: "none",
  });
  const code = result.outputFiles[0]!.text;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 10);
  return { code, fileName: `catalogue-${hash}.js` };
}
