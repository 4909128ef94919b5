import type { CertificationType } from "~db/schema";

/** The certificate types a product's words can claim (the others back no wording). */
export type ClaimType = Exclude<CertificationType, "poverty_alleviation" | "other">;

/** A word in a product's text that claims a certificate the product does not hold. */
export interface UnmetClaim {
  type: ClaimType;
  word: string;
}
