/**
 * The Responses a loader or action throws to stop early. Remix renders a thrown Response
 * through the route's ErrorBoundary, so the visitor sees the shop's own error page.
 */

/** What was asked for does not exist, or must look as if it did not (another cooperative's product). */
export function notFound(init: Omit<ResponseInit, "status"> = {}): Response {
  return new Response("Not found", { ...init, status: 404 });
}

/**
 * Throws `new Response(message, init)` (400 unless `init` says otherwise) when `condition`
 * does not hold, and narrows `condition` after it: for requests no page of ours would send.
 */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = {}): asserts condition {
  if (!condition) throw new Response(message, { status: 400, ...init });
}
