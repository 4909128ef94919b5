import type { CertificationType } from "~db/schema";

// The bodies that issue the certificates of the demo catalogue, and the years they did.
// A certificate is credible only when its issuer existed on the day it was issued, and
// issues that kind of certificate; the seed test holds every demo certificate to this.

export interface Issuer {
  /** The certificate types this body issues. */
  types: CertificationType[];
  /** The first day it existed under this name. */
  from: string;
  /** The day it stopped existing under this name (renamed, merged or abolished), if it did. */
  until?: string;
  /** Its certificates cannot outlive it (a catalogue listing ends with the body that kept it). */
  endsWithIssuer?: boolean;
}

export const ISSUERS: Record<string, Issuer> = {
  // Green Food labels (LB-…), since 1992.
  中国绿色食品发展中心: { types: ["green_food"], from: "1992-11-01" },
  // Organic (GB/T 19630) and GAP certification bodies accredited by CNCA.
  中国质量认证中心: { types: ["organic", "other"], from: "2002-01-01" },
  中绿华夏有机产品认证中心: { types: ["organic"], from: "2002-01-01" },
  // Agricultural product GIs (AGI…): the ministry under this name from April 2018; the
  // registration ended in 2022, when GIs were brought together under CNIPA.
  农业农村部: { types: ["geographical_indication"], from: "2018-04-03" },
  // GI product protection and its special mark, at CNIPA since the 2018 reform.
  国家知识产权局: { types: ["geographical_indication"], from: "2018-04-10" },
  // Pollution-free certificates of the older scheme, by the ministry's centre before its 2018 renaming.
  农业部农产品质量安全中心: { types: ["pollution_free"], from: "2003-01-01", until: "2018-04-03" },
  // The national poverty-alleviation product catalogue (2019–2020); the office became the
  // National Rural Revitalization Administration on 25 February 2021.
  国务院扶贫开发领导小组办公室: { types: ["poverty_alleviation"], from: "1986-05-16", until: "2021-02-25", endsWithIssuer: true },
  // Food production licences (SC…) of Dazu's market regulator, set up in the 2019 reform.
  重庆市大足区市场监督管理局: { types: ["other"], from: "2019-01-01" },
};

/** The last day the ministry registered agricultural product GIs (AGI…). */
export const AGI_REGISTRATION_ENDED = "2022-12-31";

export interface CertificateFacts {
  type: CertificationType;
  number: string;
  issuingBody: string;
  scopeZh: string;
  issuedOn: string;
  expiresOn: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Why a certificate could not be real as described; empty when it could. */
export function certificateProblems(c: CertificateFacts): string[] {
  const problems: string[] = [];
  const issuer = ISSUERS[c.issuingBody];
  if (!issuer) return [`unknown issuing body ${c.issuingBody}`];
  if (!issuer.types.includes(c.type)) problems.push(`${c.issuingBody} does not issue ${c.type}`);
  if (c.issuedOn < issuer.from) problems.push(`${c.issuingBody} did not exist yet on ${c.issuedOn}`);
  if (issuer.until && c.issuedOn >= issuer.until) problems.push(`${c.issuingBody} no longer existed on ${c.issuedOn}`);
  if (issuer.until && issuer.endsWithIssuer && c.expiresOn > issuer.until) problems.push(`${c.issuingBody} was abolished before ${c.expiresOn}`);
  if (c.expiresOn <= c.issuedOn) problems.push("expires before it was issued");
  const years = daysBetween(c.issuedOn, c.expiresOn) / 365;
  switch (c.type) {
    case "green_food":
      if (!c.number.startsWith("LB-")) problems.push("a green food label number starts with LB-");
      if (years > 3.01) problems.push("a green food label is valid for three years");
      break;
    case "organic":
      if (!c.scopeZh.includes("GB/T 19630")) problems.push("organic certification is to GB/T 19630");
      if (years > 1.01) problems.push("an organic certificate is valid for one year");
      break;
    case "geographical_indication":
      if (c.number.startsWith("AGI") !== (c.issuingBody === "农业农村部")) problems.push("AGI numbers are the ministry's, and only its");
      if (c.number.startsWith("AGI") && c.issuedOn > AGI_REGISTRATION_ENDED) problems.push(`no AGI registration after ${AGI_REGISTRATION_ENDED}`);
      break;
    case "pollution_free":
      if (years > 3.01) problems.push("a pollution-free certificate is valid for three years");
      break;
    case "poverty_alleviation":
      // The catalogue covered 2019–2020: a listing is history, shown to shoppers as expired.
      if (c.issuedOn < "2019-01-01" || c.expiresOn > "2020-12-31") problems.push("the poverty-alleviation catalogue covered 2019–2020 only");
      break;
    case "other":
      break;
  }
  return problems;
}
