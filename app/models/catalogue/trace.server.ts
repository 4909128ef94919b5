import type { Kysely } from "kysely";
import type { CertificationType, Database } from "~db/schema";
import { localized, type Locale } from "~/i18n";
import { issuerName } from "~/utils/issuers";
import { illustrationUrl } from "~/utils/images";

// The public page behind a harvest batch's QR code. A box may sit in a kitchen long after
// the product is archived, so archived products still trace; drafts were never sold.

export const BATCH_CODE = /^[A-Z0-9-]{6,40}$/;

export interface BatchCertificate {
  type: CertificationType;
  number: string;
  issuingBody: string;
  issuedOn: string;
  expiresOn: string;
}

export interface BatchTrace {
  code: string;
  harvestedOn: string;
  packedOn: string;
  bestBefore: string;
  quantity: number;
  plot: string;
  household: string;
  product: {
    slug: string;
    name: string;
    county: string;
    illustration: string;
    /** False for an archived product: the page names it but does not link a page that is gone. */
    onSale: boolean;
  };
  cooperative: { slug: string; name: string; county: string };
  /** Certificates verified by staff whose validity covered the harvest day. */
  certificates: BatchCertificate[];
}

/** Normalises a code from a URL (QR scanners and people may lower-case it); null if it cannot be one. */
export function normalizeBatchCode(raw: string | undefined): string | null {
  const code = (raw ?? "").trim().toUpperCase();
  return BATCH_CODE.test(code) ? code : null;
}

export async function getBatchTrace(
  db: Kysely<Database>,
  { code, locale }: { code: string; locale: Locale },
): Promise<BatchTrace | null> {
  const batch = await db
    .selectFrom("batches as bt")
    .innerJoin("products as p", "p.id", "bt.product_id")
    .innerJoin("cooperatives as co", "co.id", "p.cooperative_id")
    .select([
      "bt.code",
      "bt.harvested_on",
      "bt.packed_on",
      "bt.best_before",
      "bt.quantity",
      "bt.plot_zh",
      "bt.plot_en",
      "bt.household_zh",
      "bt.household_en",
      "p.id as product_id",
      "p.slug as product_slug",
      "p.name_zh",
      "p.name_en",
      "p.origin_county_zh",
      "p.origin_county_en",
      "p.illustration",
      "p.status as product_status",
      "co.slug as cooperative_slug",
      "co.name_zh as cooperative_name_zh",
      "co.name_en as cooperative_name_en",
      "co.county_zh",
      "co.county_en",
    ])
    .where("bt.code", "=", code)
    .where("p.status", "in", ["active", "archived"])
    .executeTakeFirst();
  if (!batch) return null;

  const certificates = await db
    .selectFrom("product_certifications as pc")
    .innerJoin("certifications as c", "c.id", "pc.certification_id")
    .select(["c.type", "c.number", "c.issuing_body", "c.issued_on", "c.expires_on"])
    .where("pc.product_id", "=", batch.product_id)
    .where("c.status", "=", "verified")
    .where("c.issued_on", "<=", batch.harvested_on)
    .where("c.expires_on", ">=", batch.harvested_on)
    .orderBy("c.type")
    .orderBy("c.number")
    .execute();

  return {
    code: batch.code,
    harvestedOn: batch.harvested_on,
    packedOn: batch.packed_on,
    bestBefore: batch.best_before,
    quantity: batch.quantity,
    plot: localized(batch, "plot", locale),
    household: localized(batch, "household", locale),
    product: {
      slug: batch.product_slug,
      name: localized(batch, "name", locale),
      county: localized(batch, "origin_county", locale),
      illustration: illustrationUrl(batch.illustration),
      onSale: batch.product_status === "active",
    },
    cooperative: {
      slug: batch.cooperative_slug,
      name: localized(batch, "cooperative_name", locale),
      county: localized(batch, "county", locale),
    },
    certificates: certificates.map((c) => ({
      type: c.type,
      number: c.number,
      issuingBody: issuerName(c.issuing_body, locale),
      issuedOn: c.issued_on,
      expiresOn: c.expires_on,
    })),
  };
}
