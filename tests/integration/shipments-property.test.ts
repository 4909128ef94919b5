import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { OrderStatus, PaymentStatus, ShipmentStatus } from "~db/schema";
import { canTransition, ORDER_TRANSITIONS, PAYMENT_TRANSITIONS, SHIPMENT_TRANSITIONS, transitionPath } from "~/models/order-state";
import { createShipment, FulfilmentError, markShipmentDelivered, recordManualTrackingEvent, startFulfilment } from "~/services/fulfilment.server";
import { CancellationError, cancelOrder, refundOrder } from "~/services/order-cancellation.server";
import { RefundError } from "~/services/refunds.server";
import { kuaidi100PushSchema, recordCarrierPush } from "~/services/tracking.server";
import { db } from "~/utils/db.server";
import { createProductFixture, createUserWithRole, insertOrder, type ProductFixture } from "../support/staff";

// Random sequences of everything that can happen to an order after checkout (parcels,
// carrier scans in any order, staff events, deliveries, cancellation, refunds) never
// produce a transition the state machines forbid, and never move anything backwards.

type Action =
  | { kind: "start" }
  | { kind: "ship"; line: number; units: number }
  | { kind: "scan"; shipment: number; state: string; minute: number; text: number }
  | { kind: "staffEvent"; shipment: number; status: Exclude<ShipmentStatus, "label_created">; minute: number }
  | { kind: "deliver"; shipment: number }
  | { kind: "cancel" }
  | { kind: "refund"; percent: number; key: number };

const KUAIDI100_STATES = ["0", "1", "2", "3", "4", "5", "6", "8", "14", "101", "204", "301", "501"];

// Weighted towards what happens most: parcels and scans; cancellations and refunds are rarer.
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "start" as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("ship" as const), line: fc.nat(2), units: fc.integer({ min: 1, max: 2 }) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("scan" as const),
      shipment: fc.nat(3),
      state: fc.constantFrom(...KUAIDI100_STATES),
      minute: fc.integer({ min: 0, max: 600 }),
      text: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("staffEvent" as const),
      shipment: fc.nat(3),
      status: fc.constantFrom("in_transit", "out_for_delivery", "delivered", "exception", "returned") as fc.Arbitrary<Exclude<ShipmentStatus, "label_created">>,
      minute: fc.integer({ min: 0, max: 600 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deliver" as const), shipment: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refund" as const), percent: fc.integer({ min: 1, max: 120 }), key: fc.nat(3) }) },
);

const BASE = Date.parse("2026-03-01T00:00:00Z");

function beijing(minute: number): string {
  const date = new Date(BASE + minute * 60_000 + 8 * 3_600_000);
  return date.toISOString().slice(0, 19).replace("T", " ");
}

function expected(error: unknown): boolean {
  return error instanceof FulfilmentError || error instanceof CancellationError || error instanceof RefundError;
}

let fixture: ProductFixture;
let staff: { kind: "staff"; userId: number };
let run = 0;

beforeAll(async () => {
  fixture = await createProductFixture(db(), { variants: 3, stock: 100_000 });
  staff = { kind: "staff", userId: (await createUserWithRole(db(), "staff")).id };
});

async function snapshot(orderId: number) {
  const order = await db().selectFrom("orders").select(["status", "payment_status", "refunded_fen", "total_fen"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  const shipments = await db().selectFrom("shipments").select(["id", "status", "tracking_number"]).where("order_id", "=", orderId).orderBy("id").execute();
  return { order, shipments };
}

describe("fulfilment state machines under random sequences", () => {
  it("never take an illegal or backward step", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 5 }).map((n) => n > 0),
        fc.array(action, { minLength: 1, maxLength: 24 }),
        async (quantities, paid, actions) => {
          run += 1;
          const order = await insertOrder(db(), {
            lines: quantities.map((quantity, index) => ({ variantId: fixture.variants[index]!.id, quantity })),
            status: paid ? "paid" : "pending_payment",
          });
          let before = await snapshot(order.id);
          let shipped = 0;
          for (const step of actions) {
            try {
              switch (step.kind) {
                case "start":
                  await startFulfilment(db(), { orderId: order.id, actor: staff });
                  break;
                case "ship": {
                  const item = order.items[step.line % order.items.length]!;
                  shipped += 1;
                  await createShipment(db(), {
                    orderId: order.id,
                    carrier: "other",
                    trackingNumber: `PROP${run}X${order.id}X${shipped}`,
                    lines: [{ orderItemId: item.id, quantity: step.units }],
                    actor: staff,
                  });
                  break;
                }
                case "scan": {
                  const target = before.shipments[step.shipment % Math.max(1, before.shipments.length)];
                  if (!target) break;
                  const push = kuaidi100PushSchema.parse({
                    lastResult: { com: "", nu: target.tracking_number, state: step.state, data: [{ context: `扫描 ${step.text}`, time: beijing(step.minute), ftime: beijing(step.minute) }] },
                  });
                  await recordCarrierPush(db(), push);
                  break;
                }
                case "staffEvent": {
                  const target = before.shipments[step.shipment % Math.max(1, before.shipments.length)];
                  if (!target) break;
                  await recordManualTrackingEvent(db(), {
                    shipmentId: target.id,
                    scan: { occurredAt: new Date(BASE + step.minute * 60_000), status: step.status, description: `客服记录 ${step.minute}` },
                    actor: staff,
                  });
                  break;
                }
                case "deliver": {
                  const target = before.shipments[step.shipment % Math.max(1, before.shipments.length)];
                  if (!target) break;
                  await markShipmentDelivered(db(), { shipmentId: target.id, note: "确认签收", actor: staff });
                  break;
                }
                case "cancel":
                  await cancelOrder(db(), { orderId: order.id, reason: "随机取消", actor: staff });
                  break;
                case "refund": {
                  const amount = Math.max(1, Math.floor((order.total_fen * step.percent) / 100));
                  await refundOrder(db(), { orderId: order.id, amountFen: amount, reason: "随机退款", actor: staff, idempotencyKey: `prop-${run}-${order.id}-${step.key}` });
                  break;
                }
              }
            } catch (error) {
              if (!expected(error)) throw error;
            }

            // Nothing moved backwards in this step.
            const after = await snapshot(order.id);
            if (after.order.status !== before.order.status) {
              expect(transitionPath(ORDER_TRANSITIONS, before.order.status, after.order.status), `${before.order.status} → ${after.order.status}`).not.toBeNull();
            }
            if (after.order.payment_status !== before.order.payment_status) {
              expect(transitionPath(PAYMENT_TRANSITIONS, before.order.payment_status, after.order.payment_status)).not.toBeNull();
            }
            for (const shipment of after.shipments) {
              const previous = before.shipments.find((s) => s.id === shipment.id);
              // One action moves a parcel one allowed step at most (its machine has a
              // recovery loop through exception, so reachability would be too lenient).
              if (previous && previous.status !== shipment.status) {
                expect(canTransition(SHIPMENT_TRANSITIONS, previous.status, shipment.status), `${previous.status} → ${shipment.status}`).toBe(true);
              }
            }
            expect(after.order.refunded_fen).toBeLessThanOrEqual(after.order.total_fen);
            before = after;
          }

          // Every recorded transition is one the machines allow.
          const events = await db().selectFrom("order_events").select(["type", "from_status", "to_status"]).where("order_id", "=", order.id).orderBy("id").execute();
          for (const event of events) {
            if (event.from_status === null || event.to_status === null) continue;
            if (event.type.startsWith("order.")) {
              expect(canTransition(ORDER_TRANSITIONS, event.from_status as OrderStatus, event.to_status as OrderStatus), `${event.type} ${event.from_status}→${event.to_status}`).toBe(true);
            } else if (event.type.startsWith("payment.")) {
              expect(canTransition(PAYMENT_TRANSITIONS, event.from_status as PaymentStatus, event.to_status as PaymentStatus), `${event.type} ${event.from_status}→${event.to_status}`).toBe(true);
            } else if (event.type === "shipment.status") {
              expect(canTransition(SHIPMENT_TRANSITIONS, event.from_status as ShipmentStatus, event.to_status as ShipmentStatus), `${event.from_status}→${event.to_status}`).toBe(true);
            } else {
              throw new Error(`unexpected transition event ${event.type}`);
            }
          }

          // Never shipped more than ordered; money never refunded beyond what was captured.
          const lines = await db().selectFrom("order_items").select(["quantity", "quantity_shipped"]).where("order_id", "=", order.id).execute();
          for (const line of lines) expect(line.quantity_shipped).toBeLessThanOrEqual(line.quantity);
          const refunds = await db().selectFrom("refunds").select(["amount_fen", "status"]).where("order_id", "=", order.id).execute();
          const refunded = refunds.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amount_fen, 0);
          expect(refunded).toBeLessThanOrEqual(paid ? order.total_fen : 0);
          // A cancelled order has nothing shipped.
          if (before.order.status === "cancelled") expect(lines.every((line) => line.quantity_shipped === 0)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});
