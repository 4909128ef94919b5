import * as build from "@remix-run/dev/server-build";
import { broadcastDevReady, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createServer } from "node:http";
import { openDatabase } from "~db/open";
import { seedDemoIfEmpty } from "~/seed/seed.server";
import { startBackgroundJobs } from "~/services/background.server";
import { backgroundJobs } from "~/services/jobs.server";
import { migrateDatabase } from "~/services/migrate.server";
import { installDatabase } from "~/utils/db.server";
import { ConfigError, getEnv } from "~/utils/env.server";
import { servePublicPages } from "~/services/page-cache.server";
import { cachePolicy, setBuildVersion } from "~/utils/http-cache.server";
import { expressRequestOrigin, originCheck } from "~/utils/origin-check.server";
import { remixHandler } from "~/utils/remix-handler.server";
import { methodGate } from "~/utils/request-body.server";
import { clientAddress, createNonce, securityHeaders } from "~/utils/security-headers.server";

installGlobals({ nativeFetch: true });

async function main() {
  const env = getEnv();
  const database = await openDatabase();
  await migrateDatabase(database.db);
  if (env.seedDemo) await seedDemoIfEmpty(database.db, { money: true });
  installDatabase(database);
  setBuildVersion(build.assets.version);
  const stopJobs = env.BACKGROUND_JOBS === "on" ? startBackgroundJobs(backgroundJobs) : async () => {};

  const production = env.NODE_ENV === "production";
  const formActionOrigins = env.paymentProvider === "stripe" ? ["https://checkout.stripe.com", env.STRIPE_API_BASE ?? ""].filter(Boolean) : [];

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // Event streams are never compressed: gzip would hold each event back until a buffer
  // fills, and the order page's live updates would arrive in lumps, or not at all.
  app.use(
    compression({
      filter: (req, res) => !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
    }),
  );
  app.use((req, res, next) => {
    res.locals.cspNonce = createNonce();
    res.set(securityHeaders({ nonce: res.locals.cspNonce, https: env.secureCookies, development: env.NODE_ENV === "development", formActionOrigins, path: req.path }));
    next();
  });
  // TRACE, PUT, DELETE and the like: 405, whatever the route.
  app.use(methodGate());
  // Cross-site form posts are refused before any route runs (webhooks are signed instead).
  const proxy = { publicUrl: env.publicUrl, trustProxyHops: env.TRUST_PROXY_HOPS };
  app.use(originCheck(proxy));
  app.use(cachePolicy);
  // Fingerprinted build output never changes under its name.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.all(
    "*",
    // Bodies arrive through the size limit of their route (413 past it, nothing buffered first).
    remixHandler({
      build,
      mode: production ? "production" : "development",
      origin: (req) => expressRequestOrigin(req, proxy),
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientAddress: clientAddress(req.get("x-forwarded-for"), req.socket.remoteAddress, env.TRUST_PROXY_HOPS),
      }),
    }),
  );

  // Anonymous visitors' catalogue pages whose tag still holds are answered (304, or the page as
  // it was last sent under that tag) before Express, static files or Remix see them.
  const publicPages = servePublicPages();
  const server = createServer((req, res) => publicPages(req, res, () => app(req, res)));
  server.listen(env.PORT, env.HOST ?? "0.0.0.0", () => {
    console.info(`[server] Shanshui Market on ${env.publicUrl} (database: ${database.kind}, payments: ${env.paymentProvider})`);
    if (!production) void broadcastDevReady(build);
  });
  // Streams (live order events) hold connections open; let them end with the process.
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[server] ${signal}: closing`);
    server.close();
    server.closeAllConnections();
    await stopJobs();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
