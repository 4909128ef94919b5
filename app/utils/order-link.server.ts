import { signedLinks } from "~/utils/signed-link.server";

/**
 * Fresh order links, handed out by the guest order lookup instead of the order's own link
 * (which may sit in an old e-mail or a screenshot); signed over the order's own link secret
 * (orders.access_token), see signed-link.server.ts. `L1.…`, about 80 characters, within the
 * 100 the order pages accept.
 */

export const ORDER_LINK_VALID_DAYS = 30;

interface LinkSubject {
  orderId: number;
  /** The order's own link secret (orders.access_token). */
  accessToken: string;
}

const links = signedLinks({ prefix: "L1", purpose: "order-link", validDays: ORDER_LINK_VALID_DAYS });

export function issueOrderLinkToken(subject: LinkSubject, now: Date = new Date()): { token: string; expiresAt: Date } {
  return links.issue({ id: subject.orderId, secret: subject.accessToken }, now);
}

/** True when `token` is an unexpired fresh link made for this order and its current secret. */
export function checkOrderLinkToken(token: string | null | undefined, subject: LinkSubject, now: Date = new Date()): boolean {
  return links.check(token, { id: subject.orderId, secret: subject.accessToken }, now);
}
