import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll } from "vitest";
import { getEnv, resetEnvForTests } from "~/utils/env.server";
import { sessionCookieFor, siteOrigin } from "./auth";

// Small, real upload fixtures made on the spot (sharp for pictures, hand-built bytes for
// PDF and ZIP), forged files for the refusals, and multipart requests like a browser sends.

/** Points UPLOADS_DIR at a fresh directory for this test file, so "nothing was stored" can be checked. */
export function useTemporaryUploadsDir(): () => string {
  let dir = "";
  const previous = process.env.UPLOADS_DIR;
  beforeAll(() => {
    // Nested one level down, so a test can check that nothing escaped into the parent.
    dir = path.join(mkdtempSync(path.join(tmpdir(), "shanshui-uploads-")), "uploads");
    mkdirSync(dir);
    process.env.UPLOADS_DIR = dir;
    resetEnvForTests();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.UPLOADS_DIR;
    else process.env.UPLOADS_DIR = previous;
    resetEnvForTests();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });
  return () => dir;
}

/** Every file under the uploads directory (or `root`), as relative paths. */
export function storedFiles(root = getEnv().uploadsDir): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry);
      if (lstatSync(full).isDirectory()) walk(full);
      else found.push(path.relative(root, full));
    }
  };
  walk(root);
  return found.sort();
}

const orange = { r: 240, g: 140, b: 30 };

/** A real JPEG, with EXIF that must not survive (a copyright line standing in for GPS). */
export function tinyJpeg(width = 48, height = 40): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: orange } })
    .withExif({ IFD0: { Copyright: "Chen family orchard, 31.0N 109.5E", Artist: "member phone" } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export function tinyPng(width = 40, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { ...orange, alpha: 1 } } }).png().toBuffer();
}

export function tinyWebp(width = 64, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: orange } }).webp().toBuffer();
}

/** A valid JPEG padded with trailing bytes to `bytes` in size (decoders ignore the tail). */
export async function oversizedJpeg(bytes = 6 * 1024 * 1024): Promise<Buffer> {
  const jpeg = await tinyJpeg();
  return Buffer.concat([jpeg, Buffer.alloc(bytes - jpeg.length, 0x20)]);
}

/** A one-page PDF, written by hand. */
export function tinyPdf(): Buffer {
  return Buffer.from(
    [
      "%PDF-1.4",
      "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
      "trailer << /Root 1 0 R >>",
      "%%EOF",
      "",
    ].join("\n"),
    "latin1",
  );
}

/** A ZIP archive holding one empty file, built byte by byte. */
export function tinyZip(name = "payload.html"): Buffer {
  const fileName = Buffer.from(name, "latin1");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(0, 14); // crc of empty data
  local.writeUInt32LE(0, 18);
  local.writeUInt32LE(0, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralOffset = local.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, central, fileName, end]);
}

/** A file that starts like a PDF but is also a ZIP archive (a polyglot). */
export function pdfZipPolyglot(): Buffer {
  return Buffer.concat([tinyPdf(), tinyZip()]);
}

export const HTML_AS_JPEG = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
export const SVG_AS_JPEG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');

export interface UploadPart {
  name: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * A multipart form POST as a browser sends it, optionally signed in as `email`. Fields are sent
 * in the order given, files after them unless `filesFirst`.
 */
export async function multipartRequest(
  url: string,
  options: { email?: string; fields?: Record<string, string> | [string, string][]; files?: UploadPart[]; filesFirst?: boolean },
): Promise<Request> {
  const form = new FormData();
  const fields = Array.isArray(options.fields) ? options.fields : Object.entries(options.fields ?? {});
  const addFiles = () => {
    for (const file of options.files ?? []) form.append(file.name, new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.filename);
  };
  if (options.filesFirst) addFiles();
  for (const [name, value] of fields) form.append(name, value);
  if (!options.filesFirst) addFiles();
  // Serialize once, so the request carries a Content-Length like a browser's does.
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const headers = new Headers({ "Content-Type": encoded.headers.get("Content-Type")!, "Content-Length": String(body.byteLength), Origin: siteOrigin() });
  if (options.email) headers.set("Cookie", await sessionCookieFor(options.email));
  return new Request(new URL(url, siteOrigin()), { method: "POST", headers, body });
}
