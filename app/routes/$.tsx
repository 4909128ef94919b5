import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { resources } from "~/locales";

// Every URL no other route claims: a real 404 page, through the shared error boundary.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  const strings = root?.locale === "en" ? resources.en.catalogue : resources.zh.catalogue;
  return [{ title: strings.meta.notFoundTitle }, { name: "robots", content: "noindex" }];
};

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
