// Splitting an amount of fen into parts that sum to it exactly.

/**
 * Splits `total` fen in proportion to `weights` by the largest-remainder method: each part gets
 * the whole fen of its exact share, and the fen left over go one each to the largest remainders
 * (ties to the earlier weight), so the parts always sum to `total` and none is more than a fen
 * from its exact share. A negative total is split like its absolute value and negated (a refund
 * spread over the lines it returns). Weights are non-negative integers (fen, grams, days × fen);
 * the arithmetic is exact in BigInt however large they are. A zero weight gets nothing.
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`not an amount of fen: ${total}`);
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`not a non-negative integer weight: ${weight}`);
  }
  if (total < 0) return splitByLargestRemainder(-total, weights).map((part) => (part === 0 ? 0 : -part));
  const sum = weights.reduce((acc, weight) => acc + BigInt(weight), 0n);
  if (sum === 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError("nothing to split by: every weight is zero");
  }
  const amount = BigInt(total);
  const parts = weights.map((weight) => (amount * BigInt(weight)) / sum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (amount * BigInt(weight)) % sum }));
  let left = Number(amount - parts.reduce((acc, part) => acc + part, 0n));
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index]! += 1n;
    left--;
  }
  return parts.map(Number);
}

/** A rate in basis points (500 = 5 %) of an amount, rounded half up to the fen. */
export function basisPointsOf(amountFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`not an amount of fen: ${amountFen}`);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) throw new RangeError(`not a rate in basis points: ${rateBp}`);
  return Number((BigInt(amountFen) * BigInt(rateBp) * 2n + 10_000n) / 20_000n);
}
