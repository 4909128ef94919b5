import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getOrderForPage } from "~/models/order/order.server";
import { orderNotFound, orderViewerFor } from "~/services/order-access.server";
import { orderEventStreamResponse, resumePoint } from "~/services/order-event-stream.server";
import { db } from "~/utils/db.server";

// Server-Sent Events of one order's timeline, for its page to update in place. Same
// access rule as the page (owner, staff, or the order link's token), same 404 otherwise.
const params = z.object({ number: z.string().max(40) });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const parsed = params.safeParse(raw);
  if (!parsed.success) throw orderNotFound();
  const page = await getOrderForPage(db(), { number: parsed.data.number, viewer: await orderViewerFor(request) });
  if (!page) throw orderNotFound();
  return orderEventStreamResponse({ orderId: page.order.id, after: resumePoint(request), signal: request.signal });
}
