import { getEnv } from "~/utils/env.server";

// The catalogue is for crawlers; carts, checkouts, accounts, portals and callbacks are not.
const PRIVATE_PATHS = ["/cart", "/checkout", "/account", "/coop", "/staff", "/orders", "/pay", "/webhooks"];

export function loader() {
  const lines = [
    "User-agent: *",
    "Allow: /",
    "Allow: /products",
    "Allow: /cooperatives",
    "Allow: /trace",
    ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${getEnv().publicUrl}/sitemap.xml`,
    "",
  ];
  return new Response(lines.join("\n"), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
