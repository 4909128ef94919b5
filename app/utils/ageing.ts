/** Days since issue of an unpaid statement, in the buckets staff chase payments by (0–30, 31–60, over 60). */
export const AGEING_BUCKETS = ["days0to30", "days31to60", "days61plus"] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];
