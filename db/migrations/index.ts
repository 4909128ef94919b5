import type { Migration } from "kysely/migration";
import * as core from "~db/migrations/2026_11_29_0001_core";
import * as nameSearch from "~db/migrations/2026_11_29_0002_name_search";
import * as searchDocuments from "~db/migrations/2026_12_02_0001_search_documents";
import * as documentKeys from "~db/migrations/2026_12_02_0002_document_keys";
import * as localizedContent from "~db/migrations/2026_12_02_0003_localized_content";
import * as moneyAndLimits from "~db/migrations/2026_12_02_0004_money_and_limits";
import * as searchSpeed from "~db/migrations/2026_12_02_0005_search_speed";
import * as nameRanks from "~db/migrations/2026_12_02_0006_name_ranks";
import * as ledger from "~db/migrations/2026_12_02_0007_ledger";
import * as statements from "~db/migrations/2026_12_02_0008_statements";
import * as payouts from "~db/migrations/2026_12_02_0009_payouts";
import * as households from "~db/migrations/2026_12_03_0001_households";
import * as distributions from "~db/migrations/2026_12_03_0002_distributions";
import * as productReviews from "~db/migrations/2026_12_03_0003_product_reviews";
import * as checkoutMobile from "~db/migrations/2026_12_03_0004_checkout_mobile";
import * as stays from "~db/migrations/2026_12_03_0007_stays";
import * as externalRefunds from "~db/migrations/2026_12_03_0008_external_refunds";
import * as bookingPayments from "~db/migrations/2026_12_03_0009_booking_payments";
import * as stayImages from "~db/migrations/2026_12_03_0010_stay_images";
import * as bookingReminders from "~db/migrations/2026_12_03_0011_booking_reminders";
import * as bookingLedger from "~db/migrations/2026_12_03_0012_booking_ledger";
import * as paymentFees from "~db/migrations/2026_12_03_0013_payment_fees";

// Listed here rather than read from the folder, so the migrations travel inside the
// single server bundle. Names sort by date; append, never edit a landed one.
export const migrations: Record<string, Migration> = {
  "2026_11_29_0001_core": core,
  "2026_11_29_0002_name_search": nameSearch,
  "2026_12_02_0001_search_documents": searchDocuments,
  "2026_12_02_0002_document_keys": documentKeys,
  "2026_12_02_0003_localized_content": localizedContent,
  "2026_12_02_0004_money_and_limits": moneyAndLimits,
  "2026_12_02_0005_search_speed": searchSpeed,
  "2026_12_02_0006_name_ranks": nameRanks,
  "2026_12_02_0007_ledger": ledger,
  "2026_12_02_0008_statements": statements,
  "2026_12_02_0009_payouts": payouts,
  "2026_12_03_0001_households": households,
  "2026_12_03_0002_distributions": distributions,
  "2026_12_03_0003_product_reviews": productReviews,
  "2026_12_03_0004_checkout_mobile": checkoutMobile,
  "2026_12_03_0007_stays": stays,
  "2026_12_03_0008_external_refunds": externalRefunds,
  "2026_12_03_0009_booking_payments": bookingPayments,
  "2026_12_03_0010_stay_images": stayImages,
  "2026_12_03_0011_booking_reminders": bookingReminders,
  "2026_12_03_0012_booking_ledger": bookingLedger,
  "2026_12_03_0013_payment_fees": paymentFees,
};
