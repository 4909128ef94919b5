import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { databaseSettings } from "~db/open";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: optionalText,
    ...databaseSettings,
    SESSION_SECRET: optionalText,
    PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    PAYMENT_PROVIDER: optionalText.pipe(z.enum(["stripe", "dev"]).optional()),
    STRIPE_SECRET_KEY: optionalText,
    STRIPE_WEBHOOK_SECRET: optionalText,
    STRIPE_API_BASE: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    STRIPE_PAYMENT_METHODS: z
      .string()
      .default("card,alipay,wechat_pay")
      .transform((value) => value.split(",").map((m) => m.trim()).filter(Boolean))
      .pipe(z.array(z.enum(["card", "alipay", "wechat_pay"])).min(1)),
    KUAIDI100_SALT: optionalText,
    SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().default("山水集市 Shanshui Market <orders@shanshui.test>"),
    UPLOADS_DIR: optionalText,
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    RESERVATION_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
    // Standard shipping is free from this subtotal on, in fen ("" or "off" disables the offer).
    FREE_SHIPPING_FROM_FEN: z
      .string()
      .default("9900")
      .transform((value) => (value.trim() === "" || value.trim() === "off" ? null : Number(value)))
      .pipe(z.number().int().min(0).nullable()),
    // Provinces (two-digit GB/T 2260 codes) cold-chain couriers do not reach: Xizang, Xinjiang.
    COLD_CHAIN_UNREACHABLE: z
      .string()
      .default("54,65")
      .transform((value) => value.split(",").map((code) => code.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{2}$/))),
    // Days after delivery before a cooperative's sale is settled: the time a shopper has to ask for a refund.
    SETTLEMENT_HOLD_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    SEED_DEMO: flag,
    BACKGROUND_JOBS: z.enum(["on", "off"]).default("on"),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && (!env.SESSION_SECRET || env.SESSION_SECRET.split(",").some((s) => s.trim().length < 32))) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "must be set, at least 32 characters (comma-separate several to rotate), when DATABASE_URL is set",
      });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "is required when STRIPE_SECRET_KEY is set" });
    }
    if (env.PAYMENT_PROVIDER === "stripe" && !env.STRIPE_SECRET_KEY) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_SECRET_KEY"], message: "is required when PAYMENT_PROVIDER=stripe" });
    }
    // Stripe will not create a Checkout Session that expires in under 30 minutes, and the
    // session expires with the stock reservation.
    if (env.STRIPE_SECRET_KEY && env.RESERVATION_MINUTES < 30) {
      ctx.addIssue({ code: "custom", path: ["RESERVATION_MINUTES"], message: "must be at least 30 with Stripe (Checkout Sessions last 30 minutes or more)" });
    }
    if (env.DATABASE_URL && !env.STRIPE_SECRET_KEY && env.PAYMENT_PROVIDER !== "dev") {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message:
          "is required with a real database (DATABASE_URL); set PAYMENT_PROVIDER=dev to take test payments on a staging server",
      });
    }
  });

export type Env = ReturnType<typeof resolve>;

function resolve(raw: NodeJS.ProcessEnv) {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".") || "environment"} ${issue.message}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const embedded = !env.DATABASE_URL;
  return {
    ...env,
    dataDir,
    embedded,
    pgliteDir: path.join(dataDir, "pglite"),
    uploadsDir: path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, "uploads")),
    mailDir: path.join(dataDir, "mail"),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    paymentProvider: (env.STRIPE_SECRET_KEY ? "stripe" : "dev") as "stripe" | "dev",
    // The first secret signs; all of them verify, so a secret can be rotated without logging everyone out.
    sessionSecrets: env.SESSION_SECRET ? env.SESSION_SECRET.split(",").map((s) => s.trim()) : [embeddedSecret(dataDir)],
    // Demo data belongs to development and tests, never to a production database by accident.
    seedDemo: embedded || env.SEED_DEMO,
    secureCookies: env.NODE_ENV === "production" && (env.PUBLIC_URL ?? "").startsWith("https://"),
  };
}

/** On the embedded database a random secret is generated once and kept beside the data. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

let cached: Env | undefined;

/** The parsed configuration; throws a ConfigError naming the first bad value. */
export function getEnv(): Env {
  cached ??= resolve(process.env);
  return cached;
}

/** Tests change the environment between files. */
export function resetEnvForTests(): void {
  cached = undefined;
}
