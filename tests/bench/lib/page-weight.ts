import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
  css?: string[];
}

interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
  version: string;
}

/** The classic compiler's asset manifest (`public/build/manifest-<hash>.js`). */
export function readManifest(publicDir = "public"): Manifest {
  const buildDir = path.join(publicDir, "build");
  const file = readdirSync(buildDir).find((name) => /^manifest-[A-Z0-9]+\.js$/.test(name));
  if (!file) throw new Error(`no manifest in ${buildDir}: run npm run build`);
  const source = readFileSync(path.join(buildDir, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
}

export interface Weight {
  files: number;
  raw: number;
  gzip: number;
}

export interface PageWeight {
  routeIds: string[];
  js: Weight;
  css: Weight;
}

function weigh(urls: Iterable<string>, publicDir: string): Weight {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const url of urls) {
    const bytes = readFileSync(path.join(publicDir, url));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
    files++;
  }
  return { files, raw, gzip };
}

/** The route ids a rendered document hydrates (`window.__remixRouteModules = {...}`). */
export function renderedRouteIds(html: string): string[] {
  const modules = /window\.__remixRouteModules = \{([^}]*)\}/.exec(html)?.[1] ?? "";
  return [...modules.matchAll(/"([^"]+)":route\d+/g)].map((m) => m[1]!);
}

/**
 * What a first visit to a page downloads before it is interactive: the client entry, every
 * route module on the matched branch (root first) and their shared chunks, from the build
 * manifest; the stylesheets the document links. Each file gzipped on its own with zlib.
 */
export function pageWeight(html: string, manifest: Manifest, publicDir = "public"): PageWeight {
  const routeIds = renderedRouteIds(html);
  const js = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  const css = new Set<string>();
  for (const id of routeIds) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the manifest`);
    js.add(route.module);
    for (const url of route.imports ?? []) js.add(url);
    for (const url of route.css ?? []) css.add(url);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (!/\brel="stylesheet"/.test(tag)) continue;
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href?.startsWith("/build/")) css.add(href);
  }
  return { routeIds, js: weigh(js, publicDir), css: weigh(css, publicDir) };
}
