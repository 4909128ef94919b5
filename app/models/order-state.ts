import type { OrderStatus, PaymentStatus, ShipmentStatus } from "~db/schema";

// The three state machines of an order, in one place. Every status change in the
// database is an `UPDATE … WHERE status IN (allowedFrom(to))`, so a transition that is
// not listed here cannot happen, whatever order requests arrive in.

export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["fulfilling", "partially_shipped", "shipped", "cancelled"],
  fulfilling: ["partially_shipped", "shipped", "cancelled"],
  partially_shipped: ["shipped", "delivered"],
  shipped: ["delivered"],
  delivered: [],
  cancelled: [],
};

export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  unpaid: ["paid", "failed"],
  failed: ["paid", "unpaid"],
  paid: ["partially_refunded", "refunded"],
  partially_refunded: ["partially_refunded", "refunded"],
  refunded: [],
};

/** Every shipment status, in the order a parcel goes through them (filters, pickers). */
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = [
  "label_created",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "exception",
  "returned",
];

// Shipments move forward along this line; `exception` can happen in transit and be
// recovered from by a later scan; `returned` and `delivered` are final.
export const SHIPMENT_TRANSITIONS: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  label_created: ["in_transit", "out_for_delivery", "delivered", "exception", "returned"],
  in_transit: ["out_for_delivery", "delivered", "exception", "returned"],
  out_for_delivery: ["delivered", "exception", "returned"],
  exception: ["in_transit", "out_for_delivery", "delivered", "returned"],
  delivered: [],
  returned: [],
};

type Machine<S extends string> = Record<S, readonly S[]>;

export function canTransition<S extends string>(machine: Machine<S>, from: S, to: S): boolean {
  return machine[from].includes(to);
}

/** The statuses from which `to` may be reached: the WHERE clause of a guarded update. */
export function allowedFrom<S extends string>(machine: Machine<S>, to: S): S[] {
  return (Object.keys(machine) as S[]).filter((from) => machine[from].includes(to));
}

/** The order status its shipments imply, given how many units are shipped and delivered. */
export function fulfilmentStatus(units: { ordered: number; shipped: number; delivered: number }): OrderStatus | null {
  if (units.ordered > 0 && units.delivered >= units.ordered) return "delivered";
  if (units.shipped >= units.ordered && units.ordered > 0) return "shipped";
  if (units.shipped > 0) return "partially_shipped";
  return null;
}

/**
 * The shortest chain of allowed transitions from `from` to `to` (excluding `from`), or
 * null when `to` cannot be reached. An order whose only shipment is delivered the moment
 * it is recorded goes paid → shipped → delivered: each step is a real, logged transition.
 */
export function transitionPath<S extends string>(machine: Machine<S>, from: S, to: S): S[] | null {
  if (from === to) return [];
  const previous = new Map<S, S>();
  const queue: S[] = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of machine[current]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, current);
      if (next === to) {
        const path: S[] = [to];
        for (let step = current; step !== from; step = previous.get(step)!) path.unshift(step);
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}
