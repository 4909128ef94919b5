import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { listCities, listDistricts } from "~/utils/regions.server";

// The city and district lists for the checkout's address selects, fetched as the shopper
// chooses (the form also works without this: its "next" button re-renders the page).
const query = z.object({
  province: z.string().regex(/^\d{6}$/).optional(),
  city: z.string().regex(/^\d{6}$/).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Bad region code", { status: 400 });
  const cities = listCities(parsed.data.province);
  // A municipality (or any province with one city) has its districts right away.
  const city = parsed.data.city ?? (cities.length === 1 ? cities[0]!.code : undefined);
  return json(
    { cities, districts: listDistricts(city), city: city ?? null },
    { headers: { "Cache-Control": "public, max-age=86400" } },
  );
}
