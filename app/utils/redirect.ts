// Where a `redirectTo` may send the visitor: only a path on this site. Anything a browser
// could read as another origin is refused: `//evil.example`, `/\evil.example` (browsers treat
// `\` as `/`), `https://evil.example`, `javascript:…`, and the same hidden behind percent
// encoding or control characters that the URL parser strips.
const PROBE_ORIGIN = "http://local.invalid";

/** Percent-decodes until nothing changes; null when it keeps changing (layered encoding). */
function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current; // a literal "%" that is not an escape: nothing more to uncover
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * The path a browser lands on when it resolves `candidate` against our origin, as we would
 * emit it (pathname + search + hash); null when that is another origin or when the emitted
 * string itself could be reread as one. Dot segments are resolved here (`/.//evil`,
 * `/a/..//evil` and `/%2e//evil` all land on `//evil`), so the check sees what is sent.
 */
function resolvedPath(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  // What we emit must be a fixed point: resolved again, it names the same path on the same origin.
  const again = new URL(path, PROBE_ORIGIN);
  if (again.origin !== PROBE_ORIGIN || `${again.pathname}${again.search}${again.hash}` !== path) return null;
  return path;
}

/** The local path `to` names, normalized and percent-encoded as a `Location` header needs; null when it is not local. */
export function localPath(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return null;
  if (!to.startsWith("/")) return null;
  const decoded = decodeFully(to);
  if (decoded === null) return null;
  let emitted: string | null = null;
  // The raw value is what the browser sees; the decoded one is what a server or proxy that
  // decodes before routing would see. Both must stay on this site.
  for (const candidate of [to, decoded]) {
    // Control characters and whitespace (the URL parser drops tabs and newlines) and any backslash.
    if (/[\u0000-\u001f\u007f\s\\]/.test(candidate)) return null;
    const path = resolvedPath(candidate);
    if (path === null) return null;
    emitted ??= path;
  }
  if (emitted === null) return null;
  // And the emitted path, decoded, once more (`/%2e%2e/%2f%2fevil` emits as `/%2f%2fevil`).
  const emittedDecoded = decodeFully(emitted);
  if (emittedDecoded === null || /[\u0000-\u001f\u007f\s\\]/.test(emittedDecoded) || resolvedPath(emittedDecoded) === null) return null;
  return emitted;
}

export function isSafeRedirect(to: unknown): to is string {
  return localPath(to) !== null;
}

/** The local path `to` names (percent-encoded), else `fallback`. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return localPath(to) ?? fallback;
}
