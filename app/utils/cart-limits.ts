import { formatFen } from "~/utils/money";

/** The most of one size a cart line, and so an order line, may hold (the quantity inputs say it too). */
export const MAX_LINE_QUANTITY = 999;

/**
 * How much one order may come to. A farm shop sells boxes of oranges, jars of honey and bags of
 * pepper to households: the largest real baskets are a few thousand yuan (a company's New Year
 * gifts). ¥200,000.00 of goods per order, and likewise per line, leaves room for the biggest of
 * those while staying far inside what the payment methods take in one payment and far from the
 * widest sum a column once held (¥21,474,836.47); larger purchases are wholesale, arranged with
 * the cooperative directly. Shipping is added on top. The cart refuses a change that would pass
 * either limit; a cart that passes one later (a price rose) is shown why and cannot check out,
 * and placing the order refuses it again.
 */
export const MAX_LINE_TOTAL_FEN = 20_000_000;
export const MAX_ORDER_GOODS_FEN = 20_000_000;

export type CartLimitProblem = "line_too_large" | "order_too_large";

/** The first limit these lines pass, with the variants concerned; null when within both. */
export function cartLimitProblem(lines: ReadonlyArray<{ variantId: number; unitPriceFen: number; quantity: number }>): { code: CartLimitProblem; variantIds: number[] } | null {
  const tooLarge = lines.filter((line) => line.unitPriceFen * line.quantity > MAX_LINE_TOTAL_FEN);
  if (tooLarge.length > 0) return { code: "line_too_large", variantIds: tooLarge.map((line) => line.variantId) };
  const goods = lines.reduce((sum, line) => sum + line.unitPriceFen * line.quantity, 0);
  if (goods > MAX_ORDER_GOODS_FEN) return { code: "order_too_large", variantIds: lines.map((line) => line.variantId) };
  return null;
}

/** The two limits as the refusal messages print them (`{{maxLine}}`, `{{maxOrder}}`). */
export const CART_LIMIT_AMOUNTS = { maxLine: formatFen(MAX_LINE_TOTAL_FEN), maxOrder: formatFen(MAX_ORDER_GOODS_FEN) } as const;
