import { parseArgs } from "node:util";
import { z } from "zod";

export const SECTIONS = ["pages", "search", "weight", "memory", "instances", "checkout", "pglite"] as const;
export type Section = (typeof SECTIONS)[number];

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432";

const schema = z.object({
  duration: z.coerce.number().int().min(1).max(600),
  connections: z.coerce.number().int().min(1).max(1000),
  products: z.coerce.number().int().min(0).max(1_000_000),
  reuse: z.boolean(),
  build: z.boolean(),
  only: z.array(z.enum(SECTIONS)),
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
});

export type BenchOptions = z.infer<typeof schema> & {
  /** The database the run uses, and whether the run created it (and so may drop it). */
  database: { url: string; owned: boolean };
  sections: Set<Section>;
};

const HELP = `npm run bench -- [options]

  --duration <s>      seconds per load row (default 10)
  --connections <n>   concurrent connections per load row (default 50)
  --products <n>      grow the catalogue to this many products (default 100000)
  --reuse             keep the bench database from the previous run (no drop, no re-seed)
  --no-build          use the existing build/ instead of running npm run build
  --only <a,b>        sections: ${SECTIONS.join(", ")} (default: all)

DATABASE_URL set: that database is used as it is (seeded when empty, never dropped).
Otherwise ${LOCAL_SERVER}/shanshui_bench is dropped and recreated for each run.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      products: { type: "string", default: "100000" },
      reuse: { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      only: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.info(HELP);
    process.exit(0);
  }
  const parsed = schema.safeParse({
    duration: values.duration,
    connections: values.connections,
    products: values.products,
    reuse: values.reuse,
    build: !values["no-build"],
    only: values.only ? values.only.split(",").map((s) => s.trim()).filter(Boolean) : [...SECTIONS],
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`bench: ${issue.path.join(".")} ${issue.message}\n\n${HELP}`);
    process.exit(2);
  }
  const options = parsed.data;
  return {
    ...options,
    database: options.databaseUrl
      ? { url: options.databaseUrl, owned: false }
      : { url: `${LOCAL_SERVER}/shanshui_bench`, owned: true },
    sections: new Set(options.only),
  };
}
