import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { StayCardView } from "~/types/stays";
import { IMAGE_ASPECT, imageSrcSet, imageUrl } from "~/utils/images";
import { formatFen } from "~/utils/money";

const CARD_SIZES = "(min-width: 1200px) 360px, (min-width: 760px) 45vw, 100vw";
const FRAME_WIDTH = 640;
const FRAME_HEIGHT = (FRAME_WIDTH * IMAGE_ASPECT.height) / IMAGE_ASPECT.width;

/** How to reach a place: "12 km from Wulong station (high-speed rail)". */
export function AccessLine({ access }: { access: StayCardView["access"] }) {
  const { t } = useTranslation("stays");
  if (!access) return null;
  return <>{t(`card.access.${access.kind}`, { point: access.point, km: access.km })}</>;
}

export function StayCard({ stay, href, priority = false }: { stay: StayCardView; href: string; priority?: boolean }) {
  const { t } = useTranslation("stays");
  const price = stay.datedPrice
    ? t("card.datedTotal", { count: stay.datedPrice.nights, price: formatFen(stay.datedPrice.totalFen) })
    : stay.fromPriceFen === null
      ? t("card.noPrice")
      : t(stay.kind === "stay" ? "card.fromPerNight" : "card.fromPerPerson", { price: formatFen(stay.fromPriceFen) });
  return (
    <article className="stay-card" data-testid="stay-card" data-slug={stay.slug}>
      <Link to={href} className="stay-card__link">
        <div className={stay.image ? "stay-card__picture" : "stay-card__picture stay-card__picture--empty"}>
          {stay.image ? (
            <img
              src={imageUrl(stay.image.storageKey, 640)}
              srcSet={imageSrcSet(stay.image.storageKey)}
              sizes={CARD_SIZES}
              width={FRAME_WIDTH}
              height={FRAME_HEIGHT}
              alt={stay.image.alt}
              loading={priority ? "eager" : "lazy"}
              decoding="async"
            />
          ) : (
            <span className="stay-card__no-photo">{t("card.noPhoto")}</span>
          )}
          <span className="stay-card__kind">{t(`kinds.${stay.kind}`)}</span>
        </div>
        <div className="stay-card__body">
          <h3 className="stay-card__name">{stay.name}</h3>
          <p className="stay-card__place">{[stay.county, stay.village].filter(Boolean).join(" · ")}</p>
          {stay.access ? (
            <p className="stay-card__access">
              <AccessLine access={stay.access} />
            </p>
          ) : null}
          <p className="stay-card__price">{price}</p>
        </div>
      </Link>
    </article>
  );
}

export function StayGrid({ stays, hrefFor, label }: { stays: readonly StayCardView[]; hrefFor: (stay: StayCardView) => string; label: string }) {
  return (
    <ul className="stay-grid" aria-label={label}>
      {stays.map((stay, index) => (
        <li key={stay.id}>
          <StayCard stay={stay} href={hrefFor(stay)} priority={index === 0} />
        </li>
      ))}
    </ul>
  );
}
