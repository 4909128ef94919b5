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

/** Every module a set of modules imports statically, transitively (`import … from "/build/…"`, `export … from`, `import "/build/…"`). */
function withStaticImports(urls: Iterable<string>, publicDir: string): Set<string> {
  const found = new Set<string>();
  const pending = [...urls];
  while (pending.length) {
    const url = pending.pop()!;
    if (found.has(url)) continue;
    found.add(url);
    pending.push(...staticImports(readFileSync(path.join(publicDir, url), "utf8")));
  }
  return found;
}

/** The `/build/…` modules a piece of module source imports statically; `import("…")` is left out. */
function staticImports(source: string): string[] {
  return [...source.matchAll(/\b(?:import|export)\s*(?:[^"'()]*?\bfrom\s*)?["'](\/build\/[^"']+)["']/g)].map((m) => m[1]!);
}

/** An attribute of an HTML tag, unescaped enough for URLs (`&amp;`). */
function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, "&");
}

/**
 * The modules the document itself asks for: `<link rel="modulepreload">`, `<script type="module" src>`
 * and the static imports of its inline module scripts (Remix imports the route modules there).
 */
function documentModules(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = attribute(tag, "href");
    if (/\srel="modulepreload"/.test(tag) && href?.startsWith("/build/")) urls.push(href);
  }
  for (const [, tag, body] of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
    if (!/\stype="module"/.test(tag!)) continue;
    const src = attribute(tag!, "src");
    if (src?.startsWith("/build/")) urls.push(src);
    urls.push(...staticImports(body!));
  }
  return urls;
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

/** A hydrating document must load everything the build manifest lists for its entry and routes. */
function expectManifestModules(js: Set<string>, routeIds: string[], manifest: Manifest) {
  const expected = [manifest.entry.module, ...manifest.entry.imports];
  for (const id of routeIds) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the manifest`);
    expected.push(route.module, ...(route.imports ?? []));
  }
  const missing = expected.filter((url) => !js.has(url));
  if (missing.length) throw new Error(`the document does not load ${missing.join(", ")}, which the manifest lists for it`);
}

/**
 * What a first visit to a page downloads before it is interactive, read from the document as a
 * browser reads it: the modules it preloads or imports (the client entry, the matched route
 * modules and their shared chunks) and everything those import statically, each counted once;
 * the strings of the page's language and namespaces, which the entry imports before hydrating;
 * the stylesheets the document links. Every module the build manifest lists for the matched
 * routes must be among them. Each file gzipped on its own with zlib.
 */
export function pageWeight(html: string, manifest: Manifest, publicDir = "public"): PageWeight {
  const routeIds = renderedRouteIds(html);
  const loaded = documentModules(html);
  // An HTML-only page (a route with `handle.hydrate === false`) loads no module at all.
  const js = loaded.length ? withStaticImports([...loaded, ...stringChunks(html, manifest, publicDir)], publicDir) : new Set<string>();
  if (loaded.length) expectManifestModules(js, routeIds, manifest);
  const css = new Set<string>();
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = attribute(tag, "href");
    if (/\srel="stylesheet"/.test(tag) && href?.startsWith("/build/")) css.add(href);
  }
  return { routeIds, js: weigh(js, publicDir), css: weigh(css, publicDir) };
}
