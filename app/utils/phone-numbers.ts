// Phone numbers as shoppers, guests and hosts type them. Pure, so the forms' schemas in the
// browser and the server's parsing agree.

/** A mainland mobile number: eleven digits, 13x–19x. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * A phone number as people type it: full-width digits from a Chinese keyboard folded (NFKC),
 * spaces, dashes, dots and brackets between digit groups dropped, and +86 / 0086 in front of a
 * mobile number dropped.
 */
export function normalizeMainlandMobile(value: string): string {
  return value.normalize("NFKC").replace(/[\s\-.()]/g, "").replace(/^(?:\+?86|0086)(?=1\d{10}$)/, "");
}
