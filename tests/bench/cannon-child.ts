// Runs one autocannon load in its own process, so the load generator never shares an
// event loop with the benchmark's bookkeeping or with another load running beside it.
import autocannon, { type Options } from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
