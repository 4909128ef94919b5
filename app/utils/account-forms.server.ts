import { z } from "zod";

import { AUDIT_KINDS } from "~/utils/audit-kinds";
import { MAINLAND_MOBILE, normalizeMainlandMobile } from "~/utils/phone-numbers";

// The schemas of the account, admin and portal forms. Error messages are keys in the
// `account` namespace's `errors` (or `admin` `users.errors`). They live in a .server module
// so zod stays out of these pages' browser bundles: constructing a zod object schema probes
// `new Function`, which the Content-Security-Policy (rightly) reports as a violation.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Length in characters (code points), not UTF-16 units: "12 characters" means what a person counts. */
const characters = (value: string) => [...value].length;

export const emailField = z
  .string({ error: "emailInvalid" })
  .trim()
  .toLowerCase()
  .max(254, "emailInvalid")
  .pipe(z.email("emailInvalid"));

/** A new password: 12–128 characters, no composition rules (NIST SP 800-63B). */
export const newPasswordField = z
  .string({ error: "passwordTooShort" })
  .refine((value) => characters(value) >= PASSWORD_MIN, "passwordTooShort")
  .refine((value) => characters(value) <= PASSWORD_MAX, "passwordTooLong");

/** A password being checked: anything non-empty (the length rule is for new ones), bounded. */
export const currentPasswordField = z.string({ error: "passwordRequired" }).min(1, "passwordRequired").max(1024, "passwordRequired");

export const nameField = z.string({ error: "nameRequired" }).trim().min(1, "nameRequired").refine((value) => characters(value) <= 100, "nameTooLong");

/** Optional mainland mobile number, typed as people type it (see normalizeMainlandMobile). */
export const phoneField = z
  .string()
  .optional()
  .transform((value) => normalizeMainlandMobile(value ?? ""))
  .refine((value) => value === "" || MAINLAND_MOBILE.test(value), "phoneInvalid")
  .transform((value) => (value === "" ? null : value));

export const localeField = z.enum(["zh", "en"], { error: "localeInvalid" });

const redirectTo = z.string().max(2048).optional();

// Any e-mail-shaped text is checked against the database; a malformed one gets the same
// answer as a wrong password.
export const loginSchema = z.object({ email: z.string().trim().min(1).max(254), password: currentPasswordField, redirectTo });

// Only these fields are read: a posted `role`, `cooperativeId` or `status` is dropped.
export const signupSchema = z.object({ name: nameField, email: emailField, password: newPasswordField, redirectTo });
export const signupConfirmSchema = z.object({ intent: z.literal("confirm"), token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

// Only these fields are read: `role`, `email`, `status`, `cooperativeId` in a post are ignored.
export const profileSchema = z.object({ intent: z.literal("profile"), name: nameField, locale: localeField, phone: phoneField });
export const passwordChangeSchema = z.object({ intent: z.literal("password"), currentPassword: currentPasswordField, newPassword: newPasswordField });

export const cooperativeSwitchSchema = z.object({ intent: z.literal("switch"), cooperativeId: z.coerce.number().int().positive(), redirectTo });

export const invitationParamsSchema = z.object({ token: z.string().min(1).max(100) });
export const invitationNewAccountSchema = z.object({ name: nameField, password: newPasswordField });
export const invitationExistingAccountSchema = z.object({ password: currentPasswordField });

const userId = z.coerce.number().int().positive();
export const USER_ADMIN_INTENTS = ["create-staff", "set-role", "disable", "enable", "remove-membership", "invite"] as const;
export const userAdminSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-staff"), email: emailField, name: nameField, role: z.enum(["staff", "admin"]), password: newPasswordField }),
  z.object({ intent: z.literal("set-role"), userId, role: z.enum(["shopper", "staff", "admin"]) }),
  z.object({ intent: z.literal("disable"), userId }),
  z.object({ intent: z.literal("enable"), userId }),
  z.object({ intent: z.literal("remove-membership"), userId, cooperativeId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("invite"),
    email: emailField,
    cooperativeId: z.coerce.number({ error: "unknownCooperative" }).int().positive("unknownCooperative"),
    locale: localeField,
  }),
]);
export const userSearchSchema = z.object({ q: z.string().trim().max(254).optional().catch(undefined) });

/** Prefixes that select a group of audit kinds ("login" → login.success, login.failure, …). */
export const AUDIT_KIND_GROUPS = ["login", "password", "user", "membership", "invitation"] as const;
export const auditSearchSchema = z.object({
  kind: z.enum([...AUDIT_KINDS, ...AUDIT_KIND_GROUPS]).optional().catch(undefined),
  email: z.string().trim().max(254).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
