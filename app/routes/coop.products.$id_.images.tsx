import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductPageHeader } from "~/components/coop/product-page-header";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PictureManager } from "~/components/pictures/picture-manager";
import { localized } from "~/i18n";
import { PRODUCT_PICTURES } from "~/models/picture-list.server";
import { requireCooperativeProduct, requireCooperativeProductEditor } from "~/services/coop-access.server";
import { pictureAction } from "~/services/picture-manager.server";
import styles from "~/styles/coop.css";
import { getFixedT, getLocale } from "~/utils/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { editor } = await requireCooperativeProductEditor(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coop");
  return json(
    { title: t("meta.images", { name: localized(editor.product, "name", locale) }), product: editor.product, images: editor.images, maxImages: PRODUCT_PICTURES.maxPictures },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Checked before a byte of the body is read: another cooperative's product is simply not found.
  const { cooperative, product } = await requireCooperativeProduct(request, params);
  return pictureAction(request, { owner: PRODUCT_PICTURES, ownerId: product.id, cooperativeId: cooperative.id, url: `/coop/products/${product.id}/images` });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ProductImages() {
  const { product, images, maxImages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("coop");
  return (
    <div className="coop-page">
      <ProductPageHeader product={product} title={t("imagesPage.title")} intro={t("imagesPage.intro")} />
      <PictureManager images={images} maxImages={maxImages} actionData={actionData} headingLevel="h3" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
