import type { CertificationType, ReviewStatus } from "~db/schema";
import type { ClaimType, UnmetClaim } from "~/types/trust";

export type { ClaimType, UnmetClaim };

// What makes a brand or certificate trustworthy enough to show a shopper: verified by
// staff and not expired, judged at the moment of the request (no nightly job).

export interface TrustRecord {
  status: ReviewStatus;
  expires_on: string; // 'YYYY-MM-DD', China day
}

export function isShownToShoppers(record: TrustRecord, today: string): boolean {
  return record.status === "verified" && record.expires_on >= today;
}

/** Why a record is not shown, for the cooperative and staff views. */
export function trustState(record: TrustRecord, today: string): "verified" | "expired" | "pending" | "rejected" {
  if (record.status !== "verified") return record.status;
  return record.expires_on >= today ? "verified" : "expired";
}

// Words that claim a certified property. A product whose text says one of these needs a
// linked, verified, unexpired certificate of the matching type before it can be published.
const CLAIM_PATTERNS: Record<ClaimType, RegExp> = {
  organic: /有机|\borganic(ally)?\b/iu,
  green_food: /绿色食品|\bgreen[\s-]+food\b/iu,
  geographical_indication: /地理标志|\bgeographical[\s-]+indication\b|\bGI\b|\bPGI\b/u,
  pollution_free: /无公害|\bpollution[\s-]*free\b/iu,
};

/** The certificate types a text claims, with the words that made the claim. */
export function claimsIn(text: string): { type: ClaimType; word: string }[] {
  const found: { type: ClaimType; word: string }[] = [];
  for (const [type, pattern] of Object.entries(CLAIM_PATTERNS) as [ClaimType, RegExp][]) {
    const match = pattern.exec(text);
    if (match) found.push({ type, word: match[0] });
  }
  return found;
}

/**
 * The claims a text makes that the given certificate types do not back. `coveredTypes` must
 * hold only certificates that are linked to the product, verified and unexpired today.
 */
export function unmetClaims(text: string, coveredTypes: Iterable<CertificationType>): UnmetClaim[] {
  const covered = new Set(coveredTypes);
  return claimsIn(text).filter((claim) => !covered.has(claim.type));
}
