import { useTranslation } from "react-i18next";
import { CheckIcon } from "~/components/catalogue/cert-badges";
import type { CertificateView } from "~/types/catalogue";

/** The certificates a shopper may rely on today, each with what it would take to check it. */
export function CertificateList({ certificates }: { certificates: readonly CertificateView[] }) {
  const { t } = useTranslation("catalogue");
  if (certificates.length === 0) return <p className="muted">{t("product.noCertificates")}</p>;
  return (
    <ul className="certificate-list">
      {certificates.map((certificate) => (
        <li key={certificate.id} className="certificate" data-testid="certificate" data-cert-type={certificate.type}>
          <p className="certificate__type">
            <span className="certificate__seal" aria-hidden="true">
              <CheckIcon />
            </span>
            {t(`certTypes.${certificate.type}`)}
          </p>
          <dl className="facts">
            <div>
              <dt>{t("product.certificateNumber")}</dt>
              <dd className="certificate__number">{certificate.number}</dd>
            </div>
            <div>
              <dt>{t("product.issuingBody")}</dt>
              <dd>{certificate.issuingBody}</dd>
            </div>
            {certificate.scope ? (
              <div>
                <dt>{t("product.scope")}</dt>
                <dd>{certificate.scope}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t("product.validity")}</dt>
              <dd>
                <time dateTime={certificate.issuedOn}>{certificate.issuedOn}</time>
                {" – "}
                <time dateTime={certificate.expiresOn}>{certificate.expiresOn}</time>
              </dd>
            </div>
            {certificate.verifiedOn ? (
              <div>
                <dt>{t("product.verifiedOn")}</dt>
                <dd>
                  <time dateTime={certificate.verifiedOn}>{certificate.verifiedOn}</time>
                </dd>
              </div>
            ) : null}
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** The least a compact certificate line needs: the cooperative page and the trace page both have it. */
type TrustCertificate = { type: string; number: string; issuingBody: string };

/**
 * Certificates as one line each (type, number, issuer, validity), where a page lists several
 * beside other facts: the cooperative's profile and a batch's trace page. `validity` words the
 * dates, since the profile shows only the expiry and the trace page the whole range.
 */
export function CompactCertificateList<C extends TrustCertificate>({ certificates, validity }: { certificates: readonly C[]; validity: (certificate: C) => string }) {
  const { t } = useTranslation("catalogue");
  return (
    <ul className="trust-list">
      {certificates.map((certificate) => (
        <li key={`${certificate.type}-${certificate.number}`} data-cert-type={certificate.type}>
          <strong className="trust-list__cert">
            <CheckIcon />
            {t(`certTypes.${certificate.type}`)}
          </strong>
          <span className="muted">
            {certificate.number} · {certificate.issuingBody} · {validity(certificate)}
          </span>
        </li>
      ))}
    </ul>
  );
}
