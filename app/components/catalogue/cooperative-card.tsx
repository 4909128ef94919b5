import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CooperativeSummary } from "~/types/catalogue";

type HeadingLevel = "h2" | "h3";

export function CooperativeCard({
  cooperative,
  showStory = true,
  heading: Heading = "h3",
}: {
  cooperative: CooperativeSummary;
  showStory?: boolean;
  /** h2 where the list sits right under the page title, h3 inside a titled section. */
  heading?: HeadingLevel;
}) {
  const { t } = useTranslation("catalogue");
  return (
    <article className="coop-card" data-testid="cooperative-card">
      <Link to={`/cooperatives/${cooperative.slug}`} className="coop-card__link">
        <span className="coop-card__mark" aria-hidden="true">
          {[...cooperative.name][0]}
        </span>
        <div className="coop-card__body">
          <Heading className="coop-card__name">{cooperative.name}</Heading>
          <p className="coop-card__county">
            <PinIcon />
            {cooperative.county}
          </p>
          <p className="coop-card__facts">
            {cooperative.memberHouseholds !== null ? <span>{t("cooperatives.members", { count: cooperative.memberHouseholds })}</span> : null}
            {cooperative.foundedYear !== null ? <span>{t("cooperatives.founded", { year: cooperative.foundedYear })}</span> : null}
            <span>{t("cooperatives.products", { count: cooperative.productCount })}</span>
          </p>
          {showStory && cooperative.storyExcerpt ? <p className="coop-card__story">{cooperative.storyExcerpt}</p> : null}
        </div>
      </Link>
    </article>
  );
}

export function CooperativeList({
  cooperatives,
  showStory = true,
  heading = "h3",
}: {
  cooperatives: readonly CooperativeSummary[];
  showStory?: boolean;
  heading?: HeadingLevel;
}) {
  return (
    <ul className="coop-list">
      {cooperatives.map((cooperative) => (
        <li key={cooperative.slug}>
          <CooperativeCard cooperative={cooperative} showStory={showStory} heading={heading} />
        </li>
      ))}
    </ul>
  );
}

export function PinIcon() {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M12 22s7-6.2 7-12a7 7 0 1 0-14 0c0 5.8 7 12 7 12Z" fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx="12" cy="10" r="2.5" fill="currentColor" />
    </svg>
  );
}
