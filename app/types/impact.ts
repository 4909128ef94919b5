// The shapes of the shopper-facing money figures (models/impact.server.ts computes them, the
// product, cooperative and order pages render them).

/** What a cooperative keeps of one unit at `priceFen`, at the rate in force for it today. */
export interface CoopShare {
  priceFen: number;
  rateBp: number;
  commissionFen: number;
  cooperativeFen: number;
}

export interface MonthAmount {
  /** 'YYYY-MM', a China month. */
  month: string;
  fen: number;
}

export interface CooperativeImpact {
  /** The China calendar year the figures cover. */
  year: number;
  /** Paid out to the cooperative this year: the payout postings on its payable account. */
  settledFen: number;
  /** The same by China month, January to the current month (months without a payout are 0). */
  settledByMonth: MonthAmount[];
  /** Goods sold this year less refunds and commission, as issued on its statements. */
  statedFen: number;
  /** Member households, when known; the page shows nothing for null. */
  households: number | null;
  /** Distributed to member households this year, when known; the page shows nothing for null. */
  distributedFen: number | null;
  /**
   * Confirmed distributions by the China month they were confirmed in, January to the current
   * month, whole amounts (the part turned into contributions included); all 0 when none.
   */
  distributedByMonth: MonthAmount[];
}

/** What one order sent one cooperative, net of its refunds so far. */
export interface OrderCoopShare {
  cooperativeId: number;
  nameZh: string;
  nameEn: string;
  goodsFen: number;
  commissionFen: number;
  payableFen: number;
}
