import { createHash, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database, ShipmentStatus } from "~db/schema";
import { lockOrder } from "~/models/order/order.server";
import { findShipmentByTracking, type ScanInput } from "~/models/shipment.server";
import { withTransaction } from "~/models/transaction.server";
import { carrierFromKuaidi100, normalizeTrackingNumber } from "~/utils/carriers";
import { applyShipmentScans, FulfilmentError } from "~/services/fulfilment.server";

// Kuaidi100 subscription pushes. Kuaidi100 posts a form with `param` (the JSON of the
// tracking result, the whole history newest first, on every change) and `sign`, the MD5
// of param + our salt. We verify, parse, upsert the scans and let the newest scan decide
// the shipment's status; the shipment's state machine refuses anything backwards.

export const KUAIDI100_OK = { result: true, returnCode: "200", message: "成功" } as const;

/** MD5 hex (upper case, as Kuaidi100 documents it) of param + salt. */
export function kuaidi100Signature(param: string, salt: string): string {
  return createHash("md5").update(param + salt, "utf8").digest("hex").toUpperCase();
}

/** Compares in constant time and without regard to case; anything not 32 hex digits fails. */
export function verifyKuaidi100Signature(param: string, sign: string, salt: string): boolean {
  const given = sign.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(given)) return false;
  const expected = Buffer.from(kuaidi100Signature(param, salt).toLowerCase(), "utf8");
  const actual = Buffer.from(given, "utf8");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Kuaidi100's delivery states (and the sub-states of its v2 results, which refine them:
 * 101–103 are kinds of "picked up", 1001–1002 of "in transit", 201–211 of "problem", 301–304
 * of "delivered", 401 of "returned", 501 of "out for delivery", 10–13 of "customs").
 *
 * 6 ("returning to sender") maps to exception, not returned: `returned` is final in our
 * machine, and a parcel on its way back can still be turned round or needs staff to act
 * (refund or reship) either way; its arrival back at the sender comes as 4, which then
 * closes it as returned.
 */
export function shipmentStatusForKuaidi100State(state: string): ShipmentStatus {
  const code = state.trim();
  switch (code) {
    case "0":
    case "1":
    case "7": // forwarded to another carrier
    case "8":
    case "10":
    case "11":
    case "12":
      return "in_transit";
    case "2":
    case "6":
    case "13": // customs problem
    case "14":
      return "exception";
    case "3":
      return "delivered";
    case "4":
      return "returned";
    case "5":
      return "out_for_delivery";
  }
  if (/^10[1-9]$/.test(code) || /^100\d$/.test(code)) return "in_transit";
  if (/^2\d\d$/.test(code)) return "exception";
  if (/^3\d\d$/.test(code)) return "delivered";
  if (/^4\d\d$/.test(code)) return "returned";
  if (/^5\d\d$/.test(code)) return "out_for_delivery";
  return "in_transit";
}

// The words Kuaidi100 puts in `data[].status` (results requested with resultv2).
const SCAN_STATUS_WORDS: Record<string, ShipmentStatus> = {
  揽收: "in_transit",
  在途: "in_transit",
  转投: "in_transit",
  清关: "in_transit",
  待清关: "in_transit",
  清关中: "in_transit",
  已清关: "in_transit",
  派件: "out_for_delivery",
  签收: "delivered",
  退签: "returned",
  退回: "exception",
  疑难: "exception",
  拒签: "exception",
  清关异常: "exception",
};

const BEIJING_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** "2026-03-04 10:00:00" in Beijing time (UTC+8, no daylight saving) as an instant. */
export function parseBeijingTime(text: string): Date | null {
  const match = BEIJING_TIME.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const beijingTime = z.string().refine((value) => parseBeijingTime(value) !== null, "not a Beijing time YYYY-MM-DD HH:mm:ss");
const code = z.union([z.string(), z.number()]).transform(String);

const scanSchema = z
  .object({
    context: z.string().trim().min(1).max(500),
    time: beijingTime.optional(),
    ftime: beijingTime.optional(),
    areaName: z.string().max(200).nullish(),
    status: z.string().max(20).nullish(),
    statusCode: code.nullish(),
  })
  .refine((scan) => scan.ftime !== undefined || scan.time !== undefined, "a scan needs a time");

export const kuaidi100PushSchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  lastResult: z.object({
    com: z.string().max(50).default(""),
    nu: z.string().trim().min(1).max(64),
    state: code,
    data: z.array(scanSchema).max(500),
  }),
});

export type Kuaidi100Push = z.infer<typeof kuaidi100PushSchema>;

/** The push's scans as we store them; the newest takes the push's overall state. */
export function scansFromPush(push: Kuaidi100Push): ScanInput[] {
  const { data, state } = push.lastResult;
  const newest = data.reduce<number>((best, scan, index) => {
    const time = parseBeijingTime((scan.ftime ?? scan.time)!)!.getTime();
    const bestTime = best < 0 ? -Infinity : parseBeijingTime((data[best]!.ftime ?? data[best]!.time)!)!.getTime();
    // Ties go to the earlier entry: the list is newest first.
    return time > bestTime ? index : best;
  }, -1);
  return data.map((scan, index) => {
    const carrierState = index === newest ? state : (scan.statusCode ?? null);
    const status =
      index === newest
        ? shipmentStatusForKuaidi100State(state)
        : scan.statusCode
          ? shipmentStatusForKuaidi100State(scan.statusCode)
          : (SCAN_STATUS_WORDS[scan.status?.trim() ?? ""] ?? "in_transit");
    return {
      occurredAt: parseBeijingTime((scan.ftime ?? scan.time)!)!,
      status,
      description: scan.context,
      location: scan.areaName?.trim() || null,
      carrierState,
    };
  });
}

export type PushOutcome =
  | { kind: "recorded"; shipmentId: number; added: number; status: ShipmentStatus; changed: boolean }
  | { kind: "unknown_shipment" };

/** Stores a verified, parsed push. An unknown tracking number is acknowledged, not an error. */
export async function recordCarrierPush(db: Kysely<Database>, push: Kuaidi100Push): Promise<PushOutcome> {
  const trackingNumber = normalizeTrackingNumber(push.lastResult.nu);
  const shipment = await findShipmentByTracking(db, { trackingNumber, carrier: carrierFromKuaidi100(push.lastResult.com) });
  if (!shipment) {
    console.warn(`[kuaidi100] push for unknown tracking number ${push.lastResult.com}/${trackingNumber}: acknowledged, ignored`);
    return { kind: "unknown_shipment" };
  }
  const scans = scansFromPush(push);
  const result = await withTransaction(db, async (trx) => {
    const order = await lockOrder(trx, { orderId: shipment.order_id });
    if (!order) throw new FulfilmentError("order_not_found");
    return applyShipmentScans(trx, { order, shipmentId: shipment.id, scans, source: "carrier", actor: { kind: "carrier" } });
  });
  return { kind: "recorded", shipmentId: shipment.id, ...result };
}

export interface WebhookReply {
  status: number;
  body: { result: boolean; returnCode: string; message: string };
}

let warnedMissingSalt = false;

/** The whole webhook: verify, parse, record, and the reply Kuaidi100 expects. */
export async function handleKuaidi100Push(
  db: Kysely<Database>,
  input: { param: string | null; sign: string | null; salt: string | undefined },
): Promise<WebhookReply> {
  if (!input.salt) {
    if (!warnedMissingSalt) {
      warnedMissingSalt = true;
      console.error("[kuaidi100] KUAIDI100_SALT is not set: every tracking push is refused until it is configured");
    }
    return { status: 400, body: { result: false, returnCode: "500", message: "未配置签名" } };
  }
  if (!input.param || !input.sign || !verifyKuaidi100Signature(input.param, input.sign, input.salt)) {
    return { status: 400, body: { result: false, returnCode: "400", message: "签名错误" } };
  }
  let json: unknown;
  try {
    json = JSON.parse(input.param);
  } catch {
    return { status: 400, body: { result: false, returnCode: "400", message: "参数不是有效的 JSON" } };
  }
  const parsed = kuaidi100PushSchema.safeParse(json);
  if (!parsed.success) {
    return { status: 400, body: { result: false, returnCode: "400", message: "参数格式错误" } };
  }
  try {
    await recordCarrierPush(db, parsed.data);
  } catch (error) {
    // Not acknowledged, so Kuaidi100 pushes again later; the upsert makes that harmless.
    console.error("[kuaidi100] could not record a push", error);
    return { status: 500, body: { result: false, returnCode: "500", message: "处理失败，请重试" } };
  }
  return { status: 200, body: { ...KUAIDI100_OK } };
}

/** Tests change the salt between cases. */
export function resetKuaidi100WarningsForTests(): void {
  warnedMissingSalt = false;
}
