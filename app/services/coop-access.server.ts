import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDistribution } from "~/models/distribution.server";
import { getProductEditor } from "~/models/product-editor.server";
import { getCooperativeProduct } from "~/models/product.server";
import { getListing } from "~/models/stay.server";
import { requireCooperative } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/responses.server";

type Params = LoaderFunctionArgs["params"];

const productIdParam = z.string().regex(/^\d{1,9}$/).transform(Number);

/**
 * The signed-in member's cooperative and the product `params.id` names. A product of another
 * cooperative is not found, exactly like one that does not exist, so ids reveal nothing; an id
 * that is not a number is not found either.
 */
async function cooperativeAndProductId(request: Request, params: Params) {
  const { user, cooperative } = await requireCooperative(request);
  const id = productIdParam.safeParse(params.id);
  if (!id.success) throw notFound();
  return { user, cooperative, productId: id.data };
}

/** For the product pages of the portal (`/coop/products/:id…`): the member, their cooperative and the product row. */
export async function requireCooperativeProduct(request: Request, params: Params) {
  const { user, cooperative, productId } = await cooperativeAndProductId(request, params);
  const product = await getCooperativeProduct(db(), { id: productId, cooperativeId: cooperative.id });
  if (!product) throw notFound();
  return { user, cooperative, product };
}

/** As requireCooperativeProduct, with everything the product's editor pages show (variants, images, certificates). */
export async function requireCooperativeProductEditor(request: Request, params: Params) {
  const { user, cooperative, productId } = await cooperativeAndProductId(request, params);
  const editor = await getProductEditor(db(), { id: productId, cooperativeId: cooperative.id });
  if (!editor) throw notFound();
  return { user, cooperative, editor };
}

/**
 * For the printouts of a surplus distribution (`/coop/dividends/:id/notice` and `/slips`): the
 * member's cooperative and its distribution `params.id` names, which must be confirmed, since
 * only confirmed figures may be posted or handed to households. A draft, another cooperative's
 * distribution or a malformed id are all not found.
 */
export async function requireConfirmedDistribution(request: Request, params: Params) {
  const { cooperative } = await requireCooperative(request);
  if (!/^\d{1,9}$/.test(params.id ?? "")) throw notFound();
  const found = await getDistribution(db(), { id: Number(params.id), cooperativeId: cooperative.id });
  if (!found || found.distribution.status !== "confirmed") throw notFound();
  return { cooperative, found };
}

/**
 * For the stay pages of the portal (`/coop/stays/:id…`): the member's cooperative and its listing
 * `params.id` names. Checked before a byte of the body is read; another cooperative's listing, or a
 * malformed id, is not found, like requireCooperativeProduct.
 */
export async function requireCooperativeListing(request: Request, params: Params) {
  const { user, cooperative, productId: listingId } = await cooperativeAndProductId(request, params);
  const listing = await getListing(db(), { cooperativeId: cooperative.id, listingId });
  if (!listing) throw notFound();
  return { user, cooperative, listing };
}
