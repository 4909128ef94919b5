import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DEMO, DEMO_ACCOUNTS } from "../../db/seed-data/fixtures";
import { db } from "../../app/utils/db.server";
import { formRequest, getRequest, testContext } from "../support/auth";

// Shared by the cooperative portal's integration tests: the two demo members, and calling a
// route's loader or action the way Remix does, with thrown Responses caught as answers.

export const FENGJIE = DEMO_ACCOUNTS.fengjie;
export const WUSHAN = DEMO_ACCOUNTS.wushan;

type Handler = (args: ActionFunctionArgs | LoaderFunctionArgs) => Promise<Response | unknown>;

export async function call(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await handler({ request, params, context: testContext });
    if (!(result instanceof Response)) throw new Error("handler did not answer with a Response");
    return result;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** GET a loader as `email`. */
export async function load(handler: Handler, url: string, email: string, params: Record<string, string> = {}) {
  return call(handler, await getRequest(url, { email }), params);
}

/** POST a urlencoded form to an action as `email`. */
export async function post(handler: Handler, url: string, email: string, form: Record<string, string>, params: Record<string, string> = {}) {
  return call(handler, await formRequest(url, { email, form }), params);
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function cooperativeId(slug: string): Promise<number> {
  return (await db().selectFrom("cooperatives").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

export const fengjieId = () => cooperativeId(DEMO.cooperatives.fengjie);
export const wushanId = () => cooperativeId(DEMO.cooperatives.wushan);

/** The seeded Fengjie navel orange (active, with variants and linked certificates). */
export async function navelOrange() {
  return db().selectFrom("products").selectAll().where("slug", "=", DEMO.navelOrange.slug).executeTakeFirstOrThrow();
}

export async function categoryId(slug = "fruit"): Promise<number> {
  return (await db().selectFrom("categories").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}

/** Row counts of the tables the portal writes, to prove a refused request changed nothing. */
export async function tableCounts() {
  const tables = [
    "products",
    "variants",
    "stock_adjustments",
    "product_images",
    "product_certifications",
    "brands",
    "certifications",
    "batches",
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db()
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A full snapshot of one product of any cooperative: its row, variants, pictures and links. */
export async function productSnapshot(productId: number) {
  const [product, variants, images, links] = await Promise.all([
    db().selectFrom("products").selectAll().where("id", "=", productId).executeTakeFirst(),
    db().selectFrom("variants").selectAll().where("product_id", "=", productId).orderBy("id").execute(),
    db().selectFrom("product_images").selectAll().where("product_id", "=", productId).orderBy("id").execute(),
    db().selectFrom("product_certifications").selectAll().where("product_id", "=", productId).orderBy("certification_id").execute(),
  ]);
  return { product, variants, images, links };
}
