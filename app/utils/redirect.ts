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

/** The local path `to` names, percent-encoded as a `Location` header needs; null when it is not local. */
export function localPath(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return null;
  if (!to.startsWith("/")) return null;
  const decoded = decodeFully(to);
  if (decoded === null) return null;
  let normalized: string | null = null;
  for (const candidate of [to, decoded]) {
    // Control characters and whitespace (the URL parser drops tabs and newlines) and any backslash.
    if (/[\u0000-\u001f\u007f\s\\]/.test(candidate)) return null;
    if (candidate.startsWith("//")) return null;
    let url: URL;
    try {
      url = new URL(candidate, PROBE_ORIGIN);
    } catch {
      return null;
    }
    if (url.origin !== PROBE_ORIGIN) return null;
    normalized ??= `${url.pathname}${url.search}${url.hash}`;
  }
  return normalized;
}

export function isSafeRedirect(to: unknown): to is string {
  return localPath(to) !== null;
}

/** The local path `to` names (percent-encoded), else `fallback`. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return localPath(to) ?? fallback;
}
