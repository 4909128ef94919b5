import { crc32 } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  isValidStorageKey,
  LocalDiskStorage,
  looksLikeZip,
  parseUploadForm,
  readDocument,
  readImageFile,
  storage,
  storeDocument,
  storeProductImage,
  UploadRefusedError,
} from "~/services/uploads.server";
import {
  HTML_AS_JPEG,
  multipartRequest,
  oversizedJpeg,
  pdfZipPolyglot,
  storedFiles,
  SVG_AS_JPEG,
  tinyJpeg,
  tinyPdf,
  tinyPng,
  tinyWebp,
  tinyZip,
  useTemporaryUploadsDir,
} from "../support/uploads";

const uploadsDir = useTemporaryUploadsDir();

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UploadRefusedError) return error.problem;
    throw error;
  }
  throw new Error("expected the upload to be refused");
}

describe("product pictures", () => {
  it.each([
    ["JPEG", tinyJpeg],
    ["PNG", tinyPng],
    ["WebP", tinyWebp],
  ])("re-encodes a %s into WebP at 320, 640 and 1024 wide, cropped to 4:3", async (_kind, make) => {
    const before = storedFiles().length;
    const stored = await storeProductImage(await make());
    expect(stored).toEqual({ storageKey: expect.stringMatching(/^[a-f0-9]{32}$/), width: 1024, height: 768 });
    expect(storedFiles().length).toBe(before + 3);
    for (const [width, height] of [
      [320, 240],
      [640, 480],
      [1024, 768],
    ] as const) {
      const bytes = await readImageFile(`${stored.storageKey}-${width}.webp`);
      expect(bytes).not.toBeNull();
      const meta = await sharp(bytes!).metadata();
      expect(meta).toMatchObject({ format: "webp", width, height });
    }
  });

  it("drops EXIF and every other piece of metadata", async () => {
    const jpeg = await tinyJpeg();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const stored = await storeProductImage(jpeg);
    const meta = await sharp((await readImageFile(`${stored.storageKey}-640.webp`))!).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    const raw = Buffer.from((await readImageFile(`${stored.storageKey}-1024.webp`))!);
    expect(raw.includes(Buffer.from("Chen family orchard"))).toBe(false);
  });

  it("judges the bytes, not the name: HTML and SVG are not pictures", async () => {
    const before = storedFiles();
    expect(await refusal(storeProductImage(HTML_AS_JPEG))).toBe("notAnImage");
    expect(await refusal(storeProductImage(SVG_AS_JPEG))).toBe("notAnImage");
    expect(await refusal(storeProductImage(tinyPdf()))).toBe("notAnImage");
    expect(await refusal(storeProductImage(new Uint8Array()))).toBe("missingFile");
    expect(storedFiles()).toEqual(before);
  });

  it("refuses a picture over 5 MB before decoding it", async () => {
    const before = storedFiles();
    expect(await refusal(storeProductImage(await oversizedJpeg()))).toBe("fileTooLarge");
    expect(storedFiles()).toEqual(before);
  });

  it("refuses bytes that claim to be a JPEG but do not decode", async () => {
    const jpeg = await tinyJpeg();
    const truncated = jpeg.subarray(0, 40);
    expect(await refusal(storeProductImage(truncated))).toMatch(/unreadableImage|notAnImage/);
  });

  it("refuses a decompression bomb by its pixel count", async () => {
    // A small PNG whose header claims 60,000 × 60,000 pixels (3.6 gigapixels).
    const bomb = Buffer.from(await tinyPng());
    bomb.writeUInt32BE(60_000, 16);
    bomb.writeUInt32BE(60_000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    const before = storedFiles();
    expect(await refusal(storeProductImage(bomb))).toBe("imageTooBig");
    expect(storedFiles()).toEqual(before);
  });
});

describe("documents", () => {
  it("keeps a PDF, a JPEG and a PNG as sent, under generated names", async () => {
    for (const [bytes, ext] of [
      [tinyPdf(), "pdf"],
      [await tinyJpeg(), "jpg"],
      [await tinyPng(), "png"],
    ] as const) {
      const key = await storeDocument(bytes);
      expect(key).toMatch(new RegExp(`^[a-f0-9]{32}\\.${ext}$`));
      const read = await readDocument(key);
      expect(Buffer.from(read!.bytes).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it("refuses a ZIP, whether named .pdf or hidden behind a PDF header", async () => {
    const before = storedFiles();
    expect(looksLikeZip(tinyZip())).toBe(true);
    expect(looksLikeZip(pdfZipPolyglot())).toBe(true);
    expect(looksLikeZip(tinyPdf())).toBe(false);
    expect(await refusal(storeDocument(tinyZip()))).toBe("zipDisguisedAsPdf");
    expect(await refusal(storeDocument(pdfZipPolyglot()))).toBe("zipDisguisedAsPdf");
    expect(await refusal(storeDocument(HTML_AS_JPEG))).toBe("notADocument");
    expect(await refusal(storeDocument(await tinyWebp()))).toBe("notADocument");
    expect(await refusal(storeDocument(Buffer.alloc(10 * 1024 * 1024 + 1, 0x25)))).toBe("fileTooLarge");
    expect(storedFiles()).toEqual(before);
  });
});

describe("storage keys", () => {
  it("accepts only the names this module generates", () => {
    expect(isValidStorageKey(`images/${"a".repeat(32)}-640.webp`)).toBe(true);
    expect(isValidStorageKey(`documents/${"b".repeat(32)}.pdf`)).toBe(true);
    for (const bad of ["../../x", `images/../../${"a".repeat(32)}-640.webp`, `images/${"a".repeat(32)}-641.webp`, "documents/x.pdf", `other/${"a".repeat(32)}.pdf`, ""]) {
      expect(isValidStorageKey(bad), bad).toBe(false);
    }
  });

  it("never touches a path outside the uploads directory", async () => {
    const disk = new LocalDiskStorage(uploadsDir());
    await expect(disk.put("../../x", new Uint8Array([1]))).rejects.toThrow(/invalid storage key/);
    await expect(disk.get("images/../../../etc/passwd")).rejects.toThrow(/invalid storage key/);
    expect(await readImageFile("../../x")).toBeNull();
    expect(await readImageFile("..%2F..%2Fx")).toBeNull();
    expect(await readDocument("../session-secret")).toBeNull();
    expect(storage()).toBeInstanceOf(LocalDiskStorage);
  });
});

describe("multipart parsing", () => {
  const limits = { maxFileBytes: 5 * 1024 * 1024, maxFiles: 1, maxParts: 12 };

  it("reads fields and a file", async () => {
    const jpeg = await tinyJpeg();
    const request = await multipartRequest("/x", { fields: { alt_zh: "脐橙", alt_en: "Oranges" }, files: [{ name: "file", filename: "a.jpg", contentType: "image/jpeg", bytes: jpeg }] });
    const parsed = await parseUploadForm(request, limits);
    expect(parsed.formProblem).toBeNull();
    expect(parsed.formData.get("alt_zh")).toBe("脐橙");
    const file = parsed.formData.get("file");
    expect(file).toBeInstanceOf(File);
    expect((file as File).size).toBe(jpeg.length);
  });

  it("throws away a 6 MB file but keeps the fields typed around it", async () => {
    const request = await multipartRequest("/x", {
      fields: { alt_zh: "脐橙", alt_en: "Oranges" },
      files: [{ name: "file", filename: "big.jpg", contentType: "image/jpeg", bytes: await oversizedJpeg() }],
      filesFirst: true,
    });
    const parsed = await parseUploadForm(request, limits);
    expect(parsed.formProblem).toBeNull();
    expect(parsed.fileProblems.get("file")).toBe("fileTooLarge");
    expect(parsed.formData.get("file")).toBeNull();
    expect(parsed.formData.get("alt_en")).toBe("Oranges");
  });

  it("refuses 1,000 tiny parts", async () => {
    const fields: [string, string][] = Array.from({ length: 1000 }, (_, i) => [`f${i}`, "x"]);
    const parsed = await parseUploadForm(await multipartRequest("/x", { fields }), limits);
    expect(parsed.formProblem).toBe("tooManyParts");
  });

  it("refuses a second file, a body that says it is huge, and a form that is not multipart", async () => {
    const jpeg = await tinyJpeg();
    const two = await multipartRequest("/x", {
      files: [
        { name: "file", filename: "a.jpg", contentType: "image/jpeg", bytes: jpeg },
        { name: "file2", filename: "b.jpg", contentType: "image/jpeg", bytes: jpeg },
      ],
    });
    expect((await parseUploadForm(two, limits)).formProblem).toBe("tooManyFiles");

    const huge = new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=abc", "Content-Length": String(500 * 1024 * 1024) },
      body: "--abc--",
    });
    expect((await parseUploadForm(huge, limits)).formProblem).toBe("bodyTooLarge");

    const plain = new Request("http://localhost/x", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" });
    expect((await parseUploadForm(plain, limits)).formProblem).toBe("notMultipart");
  });

  it("cuts off a body that streams more than it may, whatever it declared", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless part: the parser must stop reading long before memory runs out.
        if (sent === 0) controller.enqueue(new TextEncoder().encode('--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n'));
        sent += chunk.byteLength;
        if (sent > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=abc" },
      body,
      duplex: "half",
    } as RequestInit);
    const parsed = await parseUploadForm(request, limits);
    expect(parsed.formProblem).toBe("bodyTooLarge");
    expect(sent).toBeLessThan(40 * 1024 * 1024);
  });
});
