import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { notFound } from "~/utils/responses.server";
import { errorMeta } from "~/utils/seo";

// Every URL no other route claims: a real 404 page, through the shared error boundary.
export function loader() {
  throw notFound();
}

export const meta: MetaFunction = ({ matches }) => errorMeta(matches);

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
