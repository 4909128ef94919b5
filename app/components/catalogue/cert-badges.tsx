import { useTranslation } from "react-i18next";
import type { CertificationType } from "~db/schema";

/** The certificate types a product may show, as small green badges. */
export function CertBadges({ types, className }: { types: readonly CertificationType[]; className?: string }) {
  const { t } = useTranslation("catalogue");
  if (types.length === 0) return null;
  return (
    <ul className={`cert-badges${className ? ` ${className}` : ""}`}>
      {types.map((type) => (
        <li key={type} className="badge cert-badge" data-cert-type={type}>
          <CheckIcon />
          {t(`certTypes.${type}`)}
        </li>
      ))}
    </ul>
  );
}

export function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
