import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderStatus } from "~db/schema";
import {
  allowedFrom,
  canTransition,
  fulfilmentStatus,
  ORDER_TRANSITIONS,
  PAYMENT_TRANSITIONS,
  SHIPMENT_TRANSITIONS,
  transitionPath,
} from "~/models/order-state";

const ORDER_STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];

describe("order state machines", () => {
  it("final states have no way out", () => {
    expect(ORDER_TRANSITIONS.delivered).toEqual([]);
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
    expect(SHIPMENT_TRANSITIONS.delivered).toEqual([]);
    expect(SHIPMENT_TRANSITIONS.returned).toEqual([]);
    expect(PAYMENT_TRANSITIONS.refunded).toEqual([]);
  });

  it("nothing shipped can be cancelled", () => {
    for (const from of ["partially_shipped", "shipped", "delivered"] as const) {
      expect(canTransition(ORDER_TRANSITIONS, from, "cancelled")).toBe(false);
    }
    expect(allowedFrom(ORDER_TRANSITIONS, "cancelled").sort()).toEqual(["fulfilling", "paid", "pending_payment"]);
  });

  it("the order machine has no cycles: nothing moves backwards", () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_TRANSITIONS[from]) {
        expect(transitionPath(ORDER_TRANSITIONS, to, from), `${to} back to ${from}`).toBeNull();
      }
    }
  });

  it("finds the chain of allowed steps to a later status", () => {
    expect(transitionPath(ORDER_TRANSITIONS, "paid", "delivered")).toEqual(["partially_shipped", "delivered"]);
    expect(transitionPath(ORDER_TRANSITIONS, "fulfilling", "shipped")).toEqual(["shipped"]);
    expect(transitionPath(ORDER_TRANSITIONS, "shipped", "shipped")).toEqual([]);
    expect(transitionPath(ORDER_TRANSITIONS, "shipped", "paid")).toBeNull();
    expect(transitionPath(ORDER_TRANSITIONS, "cancelled", "paid")).toBeNull();
  });

  it("every path it returns is made of allowed steps", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_STATUSES), fc.constantFrom(...ORDER_STATUSES), (from, to) => {
        const path = transitionPath(ORDER_TRANSITIONS, from, to);
        if (!path) return;
        let current = from;
        for (const step of path) {
          expect(canTransition(ORDER_TRANSITIONS, current, step)).toBe(true);
          current = step;
        }
        expect(current).toBe(to);
      }),
    );
  });

  it("derives the order status from shipped and delivered units", () => {
    expect(fulfilmentStatus({ ordered: 3, shipped: 0, delivered: 0 })).toBeNull();
    expect(fulfilmentStatus({ ordered: 3, shipped: 1, delivered: 0 })).toBe("partially_shipped");
    expect(fulfilmentStatus({ ordered: 3, shipped: 1, delivered: 1 })).toBe("partially_shipped");
    expect(fulfilmentStatus({ ordered: 3, shipped: 3, delivered: 1 })).toBe("shipped");
    expect(fulfilmentStatus({ ordered: 3, shipped: 3, delivered: 3 })).toBe("delivered");
  });
});
