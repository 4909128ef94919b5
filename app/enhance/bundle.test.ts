import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { bundleEnhanceScript, ENHANCE_MAX_GZIP_BYTES } from "./bundle";

it("keeps the catalogue script under 5 kB gzip", async () => {
  const { code, fileName } = await bundleEnhanceScript();
  const gzipped = gzipSync(code).length;
  console.info(`[enhance] ${fileName}: ${code.length} bytes, ${gzipped} bytes gzip (budget ${ENHANCE_MAX_GZIP_BYTES})`);
  expect(fileName).toMatch(/^catalogue-[0-9a-f]{10}\.js$/);
  expect(gzipped).toBeGreaterThan(200);
  expect(gzipped).toBeLessThanOrEqual(ENHANCE_MAX_GZIP_BYTES);
});
