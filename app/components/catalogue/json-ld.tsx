import { serializeJsonLd } from "~/utils/seo";

/**
 * Structured data for crawlers. The only raw HTML on the site: the JSON is serialised
 * with `<`, `>` and `&` escaped, so no value can close the script element.
 */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />;
}
