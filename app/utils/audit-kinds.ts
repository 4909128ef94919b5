/** Security events kept for staff. Add a kind here (and its label in the admin strings) to record a new one. */
export const AUDIT_KINDS = [
  "login.success",
  "login.failure",
  "login.rate_limited",
  "logout",
  "signup",
  "signup.rate_limited",
  "signup.requested",
  "password.changed",
  "password.change_failed",
  "password.rate_limited",
  "profile.updated",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "membership.added",
  "membership.removed",
  "cooperative.switched",
  "invitation.created",
  "invitation.accepted",
  "invitation.rate_limited",
  "honeypot.triggered",
  "product_review.hidden",
  "product_review.unhidden",
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];
