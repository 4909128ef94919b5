// The least a page can cost on this stack: Express with gzip, as the app runs, and Remix with
// two routes of its own (a document with one loader, and a resource route), no database, no
// strings, no middleware of the app. `npm run bench` starts it in its own process and loads it
// beside the app, so the app's figures can be read against what the framework alone allows.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { EntryContext, ServerBuild } from "@remix-run/node";
import { Links, Meta, Outlet, RemixServer, useLoaderData } from "@remix-run/react";
import compression from "compression";
import express from "express";
import { renderToString } from "react-dom/server";

function Root() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
      </body>
    </html>
  );
}

function Hello() {
  const { greeting } = useLoaderData<{ greeting: string }>();
  return <p>{greeting}</p>;
}

const ROBOTS = "User-agent: *\nAllow: /\n";

function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext) {
  const html = renderToString(<RemixServer context={context} url={request.url} />);
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { status, headers });
}

const route = (id: string, path: string, parentId?: string) => ({
  id,
  path,
  parentId,
  module: `/build/${id}.js`,
  hasLoader: id !== "root",
  hasAction: false,
  hasClientAction: false,
  hasClientLoader: false,
  hasErrorBoundary: false,
});

const build = {
  mode: "production",
  entry: { module: { default: handleRequest } },
  routes: {
    root: { id: "root", path: "", module: { default: Root } },
    hello: { id: "hello", path: "hello", parentId: "root", module: { default: Hello, loader: () => ({ greeting: "Hello from the framework floor." }) } },
    robots: { id: "robots", path: "robots.txt", parentId: "root", module: { loader: () => new Response(ROBOTS, { headers: { "Content-Type": "text/plain" } }) } },
  },
  assets: {
    entry: { module: "/build/entry.js", imports: [] },
    routes: { root: route("root", ""), hello: route("hello", "hello", "root"), robots: route("robots", "robots.txt", "root") },
    url: "/build/manifest.js",
    version: "floor",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
  isSpaMode: false,
} as unknown as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = createServer(app);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
