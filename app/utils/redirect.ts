// Where a `redirectTo` may send the visitor: only a path on this site. Anything a browser
// could read as another origin is refused: `//evil.example`, `/\evil.example` (browsers treat
// `\` as `/`), `https://evil.example`, `javascript:…`, and the same hidden behind percent
// encoding or control characters that the URL parser strips.
const PROBE_ORIGIN = "http://local.invalid";

function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null; // still changing after five rounds: refuse rather than guess
}

export function isSafeRedirect(to: unknown): to is string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return false;
  if (!to.startsWith("/")) return false;
  const decoded = decodeFully(to);
  if (decoded === null) return false;
  for (const candidate of [to, decoded]) {
    // Control characters and whitespace (the URL parser drops tabs and newlines) and any backslash.
    if (/[\u0000-\u001f\u007f\s\\]/.test(candidate)) return false;
    if (candidate.startsWith("//")) return false;
    let url: URL;
    try {
      url = new URL(candidate, PROBE_ORIGIN);
    } catch {
      return false;
    }
    if (url.origin !== PROBE_ORIGIN) return false;
  }
  return true;
}

/** `to` when it is a local path, else `fallback`. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return isSafeRedirect(to) ? to : fallback;
}
