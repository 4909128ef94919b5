import type { OrderViewer } from "~/models/order/order.server";
import { getOptionalUser, isStaff } from "~/services/auth.server";

/**
 * Who is asking for an order page or its event stream: the signed-in user (owner or
 * staff) and the `token` of an order link (its own, or a fresh one from the lookup). The
 * rule itself lives in getOrderForPage (orderLinkMatches), so the page and its stream
 * answer alike; a refusal is the same 404 as a missing order.
 */
export async function orderViewerFor(request: Request): Promise<OrderViewer> {
  const user = await getOptionalUser(request);
  const token = new URL(request.url).searchParams.get("token");
  return { token: token && token.length <= 200 ? token : null, userId: user?.id ?? null, isStaff: user ? isStaff(user) : false };
}

export function orderNotFound(): Response {
  return new Response("Not Found", { status: 404 });
}
