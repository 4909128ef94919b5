/** Where a page of the account's order history starts: after the order placed at `placedAt` with this id. */
export interface OrderHistoryCursor {
  placedAt: string;
  id: number;
}
