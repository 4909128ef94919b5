/** The most of one size a cart line, and so an order line, may hold (the quantity inputs say it too). */
export const MAX_LINE_QUANTITY = 999;
