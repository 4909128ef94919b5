import { getEnv } from "~/utils/env.server";
import { devProvider } from "~/services/payments/dev.server";
import type { PaymentProvider, ProviderName } from "~/services/payments/provider.server";
import { stripeProvider } from "~/services/payments/stripe.server";

/** The provider new payments go to, as configured (see env.server.ts for how it is chosen). */
export function activePaymentProvider(): PaymentProvider {
  return paymentProviderFor(getEnv().paymentProvider);
}

/** The provider that took a given payment: refunds go back the way the money came. */
export function paymentProviderFor(name: ProviderName): PaymentProvider {
  return name === "stripe" ? stripeProvider() : devProvider;
}

export type { PaymentProvider, ProviderName } from "~/services/payments/provider.server";
