import { z } from "zod";

const idParam = z.string().regex(/^\d{1,9}$/).transform(Number);

/** An id from the URL; anything that is not an id is simply not found. */
export function idFromParams(params: Record<string, string | undefined>, name = "id"): number {
  const parsed = idParam.safeParse(params[name]);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}
