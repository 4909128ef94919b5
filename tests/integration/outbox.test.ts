import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { claimOutboxMessages, enqueueOutbox, type OutboxMessage } from "~/models/outbox.server";
import { outboxBackoffMs, runOutboxWorker } from "~/services/outbox-worker.server";
import { db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { insertTestOrder } from "../support/after-purchase";

const dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-outbox-"));
const mailDir = path.join(dataDir, "mail");

beforeAll(() => {
  process.env.DATA_DIR = dataDir;
  delete process.env.SMTP_URL;
  resetEnvForTests();
});
afterAll(() => resetEnvForTests());

// Every test starts from an empty outbox, so counts are exact.
beforeEach(async () => {
  await db().deleteFrom("outbox").execute();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});

async function outboxRows() {
  return db().selectFrom("outbox").select(["id", "kind", "status", "attempts", "last_error", "available_at", "sent_at"]).orderBy("id").execute();
}

describe("the outbox worker", () => {
  it("sends each due message once, marks it sent, and leaves the rest for later", async () => {
    const order = await insertTestOrder({ locale: "en" });
    await enqueueOutbox(db(), { kind: "email.order_confirmation", dedupeKey: `confirm:${order.id}`, payload: { orderId: order.id, locale: "en", to: order.email } });
    await enqueueOutbox(db(), { kind: "email.order_confirmation", dedupeKey: `confirm:${order.id}`, payload: { orderId: order.id } });
    await db()
      .insertInto("outbox")
      .values({ kind: "email.order_refunded", dedupe_key: `later:${order.id}`, payload: JSON.stringify({ orderId: order.id, amountFen: 100 }), available_at: sql<Date>`now() + interval '1 hour'` })
      .execute();

    const result = await runOutboxWorker();
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });
    const rows = await outboxRows();
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ["email.order_confirmation", "sent", 1],
      ["email.order_refunded", "pending", 0],
    ]);
    expect(rows[0]!.sent_at).not.toBeNull();
    const eml = readFileSync(path.join(mailDir, `${String(rows[0]!.id).padStart(8, "0")}-order_confirmation.eml`), "utf8");
    expect(eml).toContain(`Your Shanshui Market order ${order.number}`);

    expect(await runOutboxWorker()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("retries a failing message with growing delays, then gives up and says why", async () => {
    await enqueueOutbox(db(), { kind: "email.order_confirmation", dedupeKey: "flaky", payload: { orderId: 1 } });
    const deliver = vi.fn(async () => {
      throw new Error("421 mail server busy");
    });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const result = await runOutboxWorker({ deliver, maxAttempts: 3, backoffMs: (attempts) => (delays.push(attempts), 0) });
      expect(result).toEqual(attempt < 3 ? { sent: 0, retried: 1, failed: 0 } : { sent: 0, retried: 0, failed: 1 });
    }
    expect(delays).toEqual([1, 2, 3]);
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: 3, last_error: "421 mail server busy" });
    expect(await runOutboxWorker({ deliver })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(deliver).toHaveBeenCalledTimes(3);
  });

  it("schedules the next attempt through available_at", async () => {
    await enqueueOutbox(db(), { kind: "email.order_confirmation", dedupeKey: "later", payload: { orderId: 1 } });
    await runOutboxWorker({ deliver: async () => Promise.reject(new Error("timeout")), backoffMs: () => 60_000 });
    const due = await db()
      .selectFrom("outbox")
      .select(sql<number>`extract(epoch from available_at - now())`.as("seconds"))
      .executeTakeFirstOrThrow();
    expect(Number(due.seconds)).toBeGreaterThan(50);
    expect(Number(due.seconds)).toBeLessThanOrEqual(60);
    // Not due: the next run does not touch it.
    const deliver = vi.fn(async () => {});
    await runOutboxWorker({ deliver });
    expect(deliver).not.toHaveBeenCalled();
  });

  it("backs off exponentially, capped, with jitter", () => {
    expect(outboxBackoffMs(1, () => 0.5)).toBe(30_000);
    expect(outboxBackoffMs(2, () => 0.5)).toBe(60_000);
    expect(outboxBackoffMs(5, () => 0.5)).toBe(480_000);
    expect(outboxBackoffMs(30, () => 0.5)).toBe(3_600_000);
    expect(outboxBackoffMs(1, () => 0)).toBe(24_000);
    expect(outboxBackoffMs(1, () => 1)).toBe(36_000);
  });

  it("gives up at once on a message that can never be sent", async () => {
    await enqueueOutbox(db(), { kind: "email.order_shipped", dedupeKey: "gone", payload: { orderId: 987654, shipmentId: 1 } });
    expect(await runOutboxWorker()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.last_error).toMatch(/order 987654 does not exist/);
  });

  it("hides a claimed message from other workers until its lease runs out, then sends it again (at least once)", async () => {
    await enqueueOutbox(db(), { kind: "email.order_confirmation", dedupeKey: "lease", payload: { orderId: 1 } });
    // A worker claims it and dies before marking it sent.
    const [claimed] = await claimOutboxMessages(db(), { limit: 10, leaseMs: 300 });
    expect(claimed).toMatchObject({ attempts: 1 });
    expect(await claimOutboxMessages(db(), { limit: 10, leaseMs: 300 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const [again] = await claimOutboxMessages(db(), { limit: 10, leaseMs: 300 });
    expect(again).toMatchObject({ id: claimed!.id, attempts: 2 });
  });

  it("never sends a message twice when two workers run at the same time", async () => {
    const orders = await Promise.all(Array.from({ length: 6 }, (_, i) => insertTestOrder({ locale: i % 2 ? "en" : "zh" })));
    for (const order of orders) {
      for (const kind of ["email.order_confirmation", "email.order_refunded"] as const) {
        await enqueueOutbox(db(), { kind, dedupeKey: `${kind}:${order.id}`, payload: { orderId: order.id, amountFen: 500 } });
      }
    }
    const delivered: number[] = [];
    // Slow sends keep both workers busy at once, claiming from the same rows.
    const deliver = async (message: OutboxMessage) => {
      delivered.push(message.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { deliverOutboxMail } = await import("~/services/outbox-worker.server");
      await deliverOutboxMail(message);
    };
    const [a, b] = await Promise.all([runOutboxWorker({ deliver, batchSize: 2 }), runOutboxWorker({ deliver, batchSize: 2 })]);
    expect(a.sent + b.sent).toBe(12);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(new Set(delivered).size).toBe(12);
    expect(delivered).toHaveLength(12);
    const rows = await outboxRows();
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const files = readdirSync(mailDir).filter((name) => rows.some((row) => name.startsWith(String(row.id).padStart(8, "0"))));
    expect(files).toHaveLength(12);
  });
});
