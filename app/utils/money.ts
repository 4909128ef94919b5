// Money is integer fen everywhere; yuan exist only at the edges (display and forms).

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount of fen: ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  // Grouped by hand: toLocaleString goes through ICU, and every price on a page is formatted.
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Parses a yuan amount typed by a person ("12", "12.8", "12.80", "1,280.5") into fen.
 * Returns null for anything that is not a non-negative amount with at most two decimals.
 */
export function parseYuanToFen(input: string): number | null {
  const cleaned = input.trim().replace(/^¥/, "").replace(/,/g, "");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
}

export function sumFen(amounts: readonly number[]): number {
  return amounts.reduce((total, amount) => total + amount, 0);
}
