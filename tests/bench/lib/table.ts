// Plain-text tables that line up in a terminal, Chinese included (a Han character is two columns wide).

function width(text: string): number {
  let columns = 0;
  for (const char of text) columns += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(char) ? 2 : 1;
  return columns;
}

function pad(text: string, columns: number, alignRight: boolean): string {
  const fill = " ".repeat(Math.max(0, columns - width(text)));
  return alignRight ? fill + text : text + fill;
}

export function formatTable(headers: string[], rows: string[][], { rightAligned = [] as number[] } = {}): string {
  const widths = headers.map((header, i) => Math.max(width(header), ...rows.map((row) => width(row[i] ?? ""))));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!, rightAligned.includes(i))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function printTable(title: string, headers: string[], rows: string[][], options?: { rightAligned?: number[] }): void {
  console.info(`\n${title}\n${formatTable(headers, rows, options)}`);
}

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–"),
  ms: (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : "–"),
  ratio: (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : "–"),
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`,
  mb: (mib: number) => `${mib.toFixed(0)} MB`,
  seconds: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
};

/** A target and whether this run met it. */
export interface Check {
  name: string;
  measured: string;
  met: boolean;
}

export function verdict(checks: Check[]): string {
  return checks.length ? checks.map((c) => `${c.met ? "met" : "MISSED"} ${c.name}`).join("; ") : "";
}
