import { spawn } from "node:child_process";
import pg from "pg";

/** A connection string for another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** Runs statements on one short-lived connection. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops and recreates a database through the server's maintenance database. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`refusing to recreate database ${JSON.stringify(name)}`);
  await withClient(withDatabase(url, "postgres"), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
}

export async function databaseExists(url: string): Promise<boolean> {
  return withClient(withDatabase(url, "postgres"), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName(url)]);
    return (rowCount ?? 0) > 0;
  });
}

/** How many products the catalogue holds; 0 before the schema exists. */
export async function countProducts(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('public.products') IS NOT NULL AS exists");
    if (!rows[0]?.exists) return 0;
    const result = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM products");
    return Number(result.rows[0]?.n ?? 0);
  });
}

export interface CatalogueSize {
  products: number;
  activeProducts: number;
  variants: number;
  certifications: number;
  productCertifications: number;
  batches: number;
}

export async function catalogueSize(url: string): Promise<CatalogueSize> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<Record<keyof CatalogueSize, string>>(`
      SELECT (SELECT count(*) FROM products)::text AS "products",
             (SELECT count(*) FROM products WHERE status = 'active')::text AS "activeProducts",
             (SELECT count(*) FROM variants)::text AS "variants",
             (SELECT count(*) FROM certifications)::text AS "certifications",
             (SELECT count(*) FROM product_certifications)::text AS "productCertifications",
             (SELECT count(*) FROM batches)::text AS "batches"`);
    const row = rows[0]!;
    return {
      products: Number(row.products),
      activeProducts: Number(row.activeProducts),
      variants: Number(row.variants),
      certifications: Number(row.certifications),
      productCertifications: Number(row.productCertifications),
      batches: Number(row.batches),
    };
  });
}

/** Runs an npm script with extra environment, streaming nothing unless it fails. */
export function runScript(args: string[], env: Record<string, string>, { echo = false } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${args.join(" ")} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

/** Runs a program and returns its standard output. */
export function runProgram(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr.slice(-4000)}`))));
  });
}
