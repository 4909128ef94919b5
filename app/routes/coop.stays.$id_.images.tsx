import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocale } from "~/components/coop/locale";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PictureManager } from "~/components/pictures/picture-manager";
import { StayNotice } from "~/components/stays-host/ui";
import { localized } from "~/i18n";
import { listPictures, STAY_PICTURES } from "~/models/picture-list.server";
import { requireCooperativeListing } from "~/services/coop-access.server";
import { pictureAction } from "~/services/picture-manager.server";
import styles from "~/styles/coop.css";
import { db } from "~/utils/db.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";

// The photos of a stay or experience, through the same picture pipeline as product photos:
// checked (a real JPEG, PNG or WebP within the limits), stored as WebP renditions, described.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listing } = await requireCooperativeListing(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coopStays");
  const images = await listPictures(db(), STAY_PICTURES, listing.id);
  return json(
    {
      title: t("meta.images", { name: localized(listing, "name", locale) }),
      listing: { id: listing.id, name_zh: listing.name_zh, name_en: listing.name_en },
      images,
      maxImages: STAY_PICTURES.maxPictures,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Checked before a byte of the body is read: another cooperative's listing is simply not found.
  const { cooperative, listing } = await requireCooperativeListing(request, params);
  return pictureAction(request, { owner: STAY_PICTURES, ownerId: listing.id, cooperativeId: cooperative.id, url: `/coop/stays/${listing.id}/images` });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StayImages() {
  const { listing, images, maxImages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coopStays");
  const locale = useLocale();
  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to={`/coop/stays/${listing.id}`}>← {localized(listing, "name", locale)}</Link>
      </p>
      <StayNotice />
      <h1>{t("imagesPage.title")}</h1>
      <p className="muted">{t("imagesPage.intro")}</p>
      <PictureManager images={images} maxImages={maxImages} actionData={actionData} headingLevel="h2" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
