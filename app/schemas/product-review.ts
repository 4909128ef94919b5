import { z } from "zod";

// The review forms: a shopper's review, a report, the cooperative's reply, staff moderation.
// Messages are keys of the `reviews` namespace.

const text = (required: string, tooLong: string) =>
  z
    .string(required)
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(1, required).max(1000, tooLong));

export const reviewFormSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("initial"),
    orderItemId: z.coerce.number().int().positive().max(2_147_483_647),
    stars: z.coerce.number("errors.starsRequired").int("errors.starsRequired").min(1, "errors.starsRequired").max(5, "errors.starsRequired"),
    body: text("errors.bodyRequired", "errors.bodyTooLong"),
  }),
  z.object({
    kind: z.literal("follow_up"),
    orderItemId: z.coerce.number().int().positive().max(2_147_483_647),
    body: text("errors.bodyRequired", "errors.bodyTooLong"),
  }),
]);

export const REPORT_REASONS = ["spam", "offensive", "not_about_product", "personal_data", "other"] as const;

export const reportFormSchema = z.object({
  intent: z.literal("report"),
  reviewId: z.coerce.number().int().positive().max(2_147_483_647),
  reason: z.enum(REPORT_REASONS),
  // Where the report came from: the product page, to return to it.
  slug: z.string().regex(/^[a-z0-9-]{1,120}$/),
});

export const replyFormSchema = z.object({
  intent: z.literal("reply"),
  reviewId: z.coerce.number().int().positive().max(2_147_483_647),
  reply: text("coop.replyRequired", "coop.replyTooLong"),
});

export const moderationFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hide"),
    reviewId: z.coerce.number().int().positive().max(2_147_483_647),
    reason: z
      .string("staff.reasonRequired")
      .transform((value) => value.trim())
      .pipe(z.string().min(1, "staff.reasonRequired").max(500, "staff.reasonRequired")),
  }),
  z.object({ intent: z.literal("unhide"), reviewId: z.coerce.number().int().positive().max(2_147_483_647) }),
]);
