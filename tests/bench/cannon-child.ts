// Runs one autocannon load in its own process, so the load generator never shares an
// event loop with the benchmark's bookkeeping or with another load running beside it.
import autocannon, { type Options } from "autocannon";

const { uniqueParam, ...options } = JSON.parse(process.argv[2] ?? "{}") as Options & { uniqueParam?: string };
if (uniqueParam) {
  // Every request a URL of its own (…&n=1, &n=2, …): nothing can be answered from a cache.
  let counter = 0;
  options.requests = [
    {
      setupRequest(request) {
        const path = request.path ?? "/";
        return { ...request, path: `${path}${path.includes("?") ? "&" : "?"}${uniqueParam}=${++counter}` };
      },
    },
  ];
}
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
