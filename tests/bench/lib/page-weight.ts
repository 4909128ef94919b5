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

/** Every module a set of modules imports statically, transitively (`import … from "/build/…"`). */
function withStaticImports(urls: Iterable<string>, publicDir: string): Set<string> {
  const found = new Set<string>();
  const pending = [...urls];
  while (pending.length) {
    const url = pending.pop()!;
    if (found.has(url)) continue;
    found.add(url);
    const source = readFileSync(path.join(publicDir, url), "utf8");
    for (const match of source.matchAll(/\bimport\s*(?:[^"'()]*?\bfrom\s*)?["'](\/build\/[^"']+)["']/g)) pending.push(match[1]!);
  }
  return found;
}

/**
 * The string chunks the entry fetches before hydrating: the page's language, the namespaces
 * the server rendered with (`data-i18n-namespaces`), as the loader map in the built entry
 * names them (`zh:{common:()=>import("/build/_shared/common-….js"),…}`).
 */
function stringChunks(html: string, manifest: Manifest, publicDir: string): string[] {
  const lang = /<html[^>]*\blang="([a-z-]+)"/.exec(html)?.[1] ?? "zh";
  const listed = /\bdata-i18n-namespaces="([^"]*)"/.exec(html)?.[1]?.split(" ").filter(Boolean) ?? [];
  const sources = [manifest.entry.module, ...manifest.entry.imports].map((url) => readFileSync(path.join(publicDir, url), "utf8"));
  const map = sources.map((source) => new RegExp(`\\b${lang}:\\{([^}]*)\\}`).exec(source)?.[1]).find(Boolean);
  if (!map) throw new Error(`no string loaders for "${lang}" in the client entry`);
  const chunks = new Map([...map.matchAll(/(\w+):\(\)=>import\("([^"]+)"\)/g)].map((m) => [m[1]!, m[2]!]));
  const wanted = listed.length ? listed : [...chunks.keys()];
  return wanted.map((namespace) => {
    const url = chunks.get(namespace);
    if (!url) throw new Error(`no string chunk for ${lang}/${namespace}`);
    return url;
  });
}

/**
 * What a first visit to a page downloads before it is interactive: the client entry, every
 * route module on the matched branch (root first) and their shared chunks, from the build
 * manifest; the strings of the page's language and namespaces, which the entry imports
 * before hydrating; the stylesheets the document links. Each file
 * gzipped on its own with zlib.
 */
export function pageWeight(html: string, manifest: Manifest, publicDir = "public"): PageWeight {
  const routeIds = renderedRouteIds(html);
  const roots = [manifest.entry.module, ...manifest.entry.imports];
  const css = new Set<string>();
  for (const id of routeIds) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the manifest`);
    roots.push(route.module, ...(route.imports ?? []));
    for (const url of route.css ?? []) css.add(url);
  }
  for (const url of stringChunks(html, manifest, publicDir)) roots.push(url);
  const js = withStaticImports(roots, publicDir);
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (!/\brel="stylesheet"/.test(tag)) continue;
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href?.startsWith("/build/")) css.add(href);
  }
  return { routeIds, js: weigh(js, publicDir), css: weigh(css, publicDir) };
}
