import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { rawRequest } from "./http";
import { recreateDatabase, runProgram, withClient, withDatabase } from "./postgres";

// Checkout under load: many shoppers, each with a cart of their own, all placing an order
// at once for one variant with less stock than there are shoppers. Exactly as many orders
// as units must come out, nobody gets a server error, and stock never goes below zero.

export interface CheckoutLoadResult {
  shoppers: number;
  units: number;
  orders: number;
  refused: number;
  serverErrors: number;
  otherAnswers: Record<string, number>;
  /** Seconds from the first checkout sent to the last answer. */
  seconds: number;
  ordersPerSecond: number;
  checkoutsPerSecond: number;
  minAvailableSeen: number;
  final: { onHand: number; reserved: number };
}

function cookiePair(setCookie: string[] | undefined, name: RegExp): string | null {
  for (const cookie of setCookie ?? []) {
    const pair = cookie.split(";")[0]!;
    if (name.test(pair.split("=")[0]!)) return pair;
  }
  return null;
}

/** A fresh variant with exactly `units` in stock, on the first active demo product. */
async function stockedVariant(databaseUrl: string, units: number): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const sku = `BENCH-${randomBytes(4).toString("hex").toUpperCase()}`;
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO variants (product_id, sku, label_zh, label_en, weight_grams, price_fen, stock_on_hand, stock_reserved, position)
       SELECT id, $1, '压测装', 'Load-test pack', 1000, 3900, $2, 0, 99 FROM products
       WHERE status = 'active' ORDER BY id LIMIT 1
       RETURNING id`,
      [sku, units],
    );
    if (!rows[0]) throw new Error("no active product to add a variant to");
    return rows[0].id;
  });
}

export async function checkoutUnderLoad(origin: string, databaseUrl: string, { shoppers = 200, units = 50 } = {}): Promise<CheckoutLoadResult> {
  const variantId = await stockedVariant(databaseUrl, units);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = (cookie?: string) => ({
    "content-type": "application/x-www-form-urlencoded",
    origin,
    ...(cookie ? { cookie } : {}),
  });

  // Each shopper's own cart: one unit in it, the cart cookie kept.
  const carts = await Promise.all(
    Array.from({ length: shoppers }, async () => {
      const response = await rawRequest(`${origin}/cart`, {
        method: "POST",
        headers: formHeaders(),
        body: form({ intent: "add", variantId: String(variantId), quantity: "1", redirectTo: "/cart" }),
      });
      const cookie = cookiePair(response.headers["set-cookie"], /shanshui_cart$/);
      if (!cookie || response.status >= 400) throw new Error(`adding to a cart answered ${response.status} without a cart cookie`);
      return cookie;
    }),
  );

  // Watch the variant while the checkouts run.
  let minAvailableSeen = units;
  let watching = true;
  const watcher = withClient(databaseUrl, async (client) => {
    while (watching) {
      const { rows } = await client.query<{ available: number }>("SELECT stock_on_hand - stock_reserved AS available FROM variants WHERE id = $1", [variantId]);
      minAvailableSeen = Math.min(minAvailableSeen, rows[0]!.available);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  const answers: Record<string, number> = {};
  let orders = 0;
  let refused = 0;
  let serverErrors = 0;
  const started = performance.now();
  await Promise.all(
    carts.map(async (cookie, index) => {
      const response = await rawRequest(`${origin}/checkout`, {
        method: "POST",
        headers: formHeaders(cookie),
        body: form({
          checkoutKey: `bench-${randomBytes(12).toString("hex")}`,
          name: "压测顾客",
          email: `load-${index}@example.test`,
          phone: "13800138000",
          province: "500000",
          city: "500000",
          district: "500103",
          street: "解放碑步行街 88 号 3 栋 1201",
          postcode: "400010",
          shippingMethod: "standard",
        }),
      });
      const location = String(response.headers.location ?? "");
      const kind =
        response.status >= 500
          ? "5xx"
          : response.status === 303 && /^\/(pay|orders)\//.test(location.replace(/^https?:\/\/[^/]+/, ""))
            ? "order"
            : response.status === 400
              ? "refused"
              : `${response.status} ${location}`;
      answers[kind] = (answers[kind] ?? 0) + 1;
      if (kind === "order") orders++;
      else if (kind === "refused") refused++;
      else if (kind === "5xx") serverErrors++;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  watching = false;
  await watcher;

  const final = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ on_hand: number; reserved: number; orders: string }>(
      `SELECT v.stock_on_hand AS on_hand, v.stock_reserved AS reserved,
              (SELECT count(DISTINCT oi.order_id) FROM order_items oi WHERE oi.variant_id = v.id)::text AS orders
       FROM variants v WHERE v.id = $1`,
      [variantId],
    );
    return rows[0]!;
  });
  if (Number(final.orders) !== orders) {
    answers[`orders in the database: ${final.orders}`] = 1;
  }
  const { order: _order, refused: _refused, "5xx": _errors, ...otherAnswers } = answers;
  return {
    shoppers,
    units,
    orders: Number(final.orders),
    refused,
    serverErrors,
    otherAnswers,
    seconds,
    ordersPerSecond: orders / seconds,
    checkoutsPerSecond: shoppers / seconds,
    minAvailableSeen,
    final: { onHand: final.on_hand, reserved: final.reserved },
  };
}

/** pgbench, from PATH or PostgreSQL's own bin directory. */
export function pgbenchPath(): string {
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  const base = "/usr/lib/postgresql";
  for (const version of existsSync(base) ? readdirSync(base).sort().reverse() : []) {
    if (existsSync(`${base}/${version}/bin/pgbench`)) return `${base}/${version}/bin/pgbench`;
  }
  throw new Error("pgbench not found (it comes with PostgreSQL: postgresql-client or the server package)");
}

/** The database's own yardstick: pgbench's TPC-B-like transactions per second, in a scratch database. */
export async function pgbenchTps(databaseUrl: string, { clients = 8, threads = 2, seconds = 10 } = {}): Promise<number> {
  const scratch = withDatabase(databaseUrl, "shanshui_bench_pgbench");
  await recreateDatabase(scratch);
  try {
    const pgbench = pgbenchPath();
    await runProgram(pgbench, ["-i", "-s", "1", "-q", scratch]);
    const output = await runProgram(pgbench, ["-c", String(clients), "-j", String(threads), "-T", String(seconds), scratch]);
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? /tps = ([\d.]+)/.exec(output)?.[1];
    if (!tps) throw new Error(`no tps in pgbench output:\n${output}`);
    return Number(tps);
  } finally {
    await withClient(withDatabase(databaseUrl, "postgres"), (client) => client.query("DROP DATABASE IF EXISTS shanshui_bench_pgbench WITH (FORCE)"));
  }
}
