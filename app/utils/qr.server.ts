import QRCode from "qrcode";
import { getEnv } from "~/utils/env.server";

/** The public traceability page a batch's QR code points to. */
export function traceUrl(batchCode: string): string {
  return `${getEnv().publicUrl}/trace/${encodeURIComponent(batchCode)}`;
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

export function qrPng(text: string, width = 600): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 2, width });
}
