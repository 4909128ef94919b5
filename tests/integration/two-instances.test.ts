import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "~db/client";
import { generateOrderNumber } from "~/models/order/order.server";
import { createShipment } from "~/services/fulfilment.server";
import { adminQuery, TEMPLATE_DATABASE, withDatabaseName } from "../support/database";
import { startServer, type RunningServer } from "../support/server";
import { ensureBuiltApp } from "../support/built-app";
import { beijingTime, kuaidi100PushBody, readMore, readServerSentEvents } from "../support/after-purchase";
import { createProductFixture, insertOrder } from "../support/staff";

// Two app instances behind one PostgreSQL, as in production behind a load balancer: a
// carrier push received by one instance reaches a shopper whose order page is streaming
// from the other (LISTEN/NOTIFY), and the outbox jobs both instances run send the
// shipping e-mail once.

const SALT = "two-instances-salt";
const serverUrl = process.env.TEST_DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/postgres";

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await postgresReachable(serverUrl);
const where = new URL(serverUrl).host;
const title = unreachable
  ? `two app instances on one PostgreSQL (SKIPPED: no PostgreSQL reachable at ${where}: ${unreachable}; set TEST_DATABASE_URL)`
  : "two app instances on one PostgreSQL";

describe.skipIf(unreachable !== null)(title, () => {
  const name = `shanshui_two_${process.pid}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = withDatabaseName(serverUrl, name);
  const dataDirs = [mkdtempSync(path.join(tmpdir(), "shanshui-a-")), mkdtempSync(path.join(tmpdir(), "shanshui-b-"))];
  let a: RunningServer | undefined;
  let b: RunningServer | undefined;
  let handle: DatabaseHandle | undefined;

  beforeAll(async () => {
    ensureBuiltApp();
    // The seeded test template when the suite made one (fast); otherwise an empty database
    // that the first instance migrates and seeds, as a fresh deployment would.
    const template = new pg.Client({ connectionString: serverUrl });
    await template.connect();
    const hasTemplate = (await template.query("SELECT 1 FROM pg_database WHERE datname = $1", [TEMPLATE_DATABASE])).rowCount === 1;
    await template.end();
    await adminQuery(serverUrl, hasTemplate ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}` : `CREATE DATABASE ${name}`);
    const env = (dataDir: string) => ({
      DATABASE_URL: databaseUrl,
      PAYMENT_PROVIDER: "dev",
      SESSION_SECRET: "two-instances-session-secret-0123456789abcdef",
      SEED_DEMO: "1",
      KUAIDI100_SALT: SALT,
      DATA_DIR: dataDir,
      BACKGROUND_JOBS: "on",
    });
    a = await startServer(env(dataDirs[0]!));
    b = await startServer(env(dataDirs[1]!));
    handle = await createDatabase({ url: databaseUrl, poolSize: 4 });
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await handle?.close();
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("streams a carrier scan received by instance A to a shopper connected to instance B, and sends the shipping e-mail once", async () => {
    const db = handle!.db;
    const fixture = await createProductFixture(db, { variants: 1 });
    const inserted = await insertOrder(db, { lines: [{ variantId: fixture.variants[0]!.id, quantity: 1 }] });
    // A real order number (the fixture's is shorter than checkout's).
    const order = { ...inserted, number: generateOrderNumber() };
    await db.updateTable("orders").set({ number: order.number }).where("id", "=", order.id).execute();
    const { access_token: token } = await db.selectFrom("orders").select("access_token").where("id", "=", order.id).executeTakeFirstOrThrow();
    const trackingNumber = `SF${String(4_000_000_000_000 + order.id)}`;
    const { shipmentId } = await createShipment(db, {
      orderId: order.id,
      carrier: "sf",
      trackingNumber,
      lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
      actor: { kind: "staff" },
    });

    // The shopper's page streams from B. Asking for gzip proves the stream is not compressed
    // (compression would hold the events back).
    const controller = new AbortController();
    const response = await fetch(`${b!.url}/orders/${order.number}/events?token=${encodeURIComponent(token)}`, {
      headers: { Accept: "text/event-stream", "Accept-Encoding": "gzip, deflate, br" },
      signal: controller.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
      expect(response.headers.get("Content-Encoding")).toBeNull();
      expect(response.headers.get("Cache-Control")).toMatch(/(^|\s|,)no-store\b/);
      expect(response.headers.get("X-Accel-Buffering")).toBe("no");
      const { reader } = await readServerSentEvents(response.body!, { until: (_, raw) => raw.includes("connected"), timeoutMs: 5_000 });

      // The carrier's push arrives at A.
      const push = await kuaidi100PushBody({ trackingNumber, state: "0", scans: [{ context: "快件已到达【重庆转运中心】", time: beijingTime(), areaName: "重庆市" }] }, SALT);
      const pushed = await fetch(`${a!.url}/webhooks/kuaidi100`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: push.toString() });
      expect(await pushed.json()).toEqual({ result: true, returnCode: "200", message: "成功" });
      const recordedAt = Date.now();

      const { events } = await readMore(reader, { until: (list) => list.some((e) => e.data.includes('"shipment.scan"')), timeoutMs: 5_000 });
      const scan = events.find((e) => e.data.includes('"shipment.scan"'));
      expect(scan, "B's stream never carried the scan A received").toBeDefined();
      expect(JSON.parse(scan!.data)).toMatchObject({ type: "shipment.scan", shipmentId });
      // Within a second on an idle machine; allow for a loaded CI box.
      expect(scan!.receivedAt - recordedAt).toBeLessThan(2_500);

      // B's order page shows it on reload too.
      const page = await fetch(`${b!.url}/orders/${order.number}?token=${encodeURIComponent(token)}`);
      expect(await page.text()).toContain("快件已到达【重庆转运中心】");
    } finally {
      controller.abort();
    }

    // Both instances run the outbox job; the shipping e-mail goes out exactly once.
    const deadline = Date.now() + 30_000;
    let row: { id: number; status: string; attempts: number } | undefined;
    while (Date.now() < deadline) {
      row = await db.selectFrom("outbox").select(["id", "status", "attempts"]).where("dedupe_key", "=", `shipped:${shipmentId}`).executeTakeFirst();
      if (row?.status === "sent") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const files = dataDirs.flatMap((dir) => {
      const mail = path.join(dir, "mail");
      return existsSync(mail) ? readdirSync(mail).filter((file) => file === `${String(row!.id).padStart(8, "0")}-order_shipped.eml`) : [];
    });
    expect(files).toHaveLength(1);
  });
});
