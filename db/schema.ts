import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// One table type per aggregate; query results are derived with Selectable<>, never these.
// Dates (`date` columns) travel as 'YYYY-MM-DD' strings: a harvest day has no time zone.
type CreatedAt = Generated<Date>;
type UpdatedAt = Generated<Date>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type Role = "shopper" | "staff" | "admin";
export type Locale = "zh" | "en";
export type ReviewStatus = "pending" | "verified" | "rejected";
export type CertificationType =
  | "green_food"
  | "organic"
  | "geographical_indication"
  | "pollution_free"
  | "poverty_alleviation"
  | "other";
export type StockReasonCode = "opening" | "import" | "manual";
export type TemperatureClass = "ambient" | "chilled" | "frozen";
export type ProductStatus = "draft" | "active" | "archived";
export type OrderStatus =
  | "pending_payment"
  | "paid"
  | "fulfilling"
  | "partially_shipped"
  | "shipped"
  | "delivered"
  | "cancelled";
export type PaymentStatus = "unpaid" | "paid" | "partially_refunded" | "refunded" | "failed";
export type ShipmentStatus =
  | "label_created"
  | "in_transit"
  | "out_for_delivery"
  | "delivered"
  | "exception"
  | "returned";
export type Carrier = "sf" | "jd" | "ems" | "zto" | "yto" | "sto" | "yunda" | "deppon" | "other";
export type ShippingMethod = "standard" | "cold_chain";
export type ActorKind = "system" | "shopper" | "staff" | "provider" | "carrier" | "cooperative";

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string | null;
  name: Generated<string>;
  phone: string | null;
  role: Generated<Role>;
  locale: Generated<Locale>;
  email_verified_at: Date | null;
  disabled_at: Date | null;
  password_changed_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  active_cooperative_id: number | null;
  user_agent: string | null;
  ip: string | null;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Date;
}

export interface AddressesTable {
  id: Generated<number>;
  user_id: number;
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  region_code: string;
  street: string;
  postcode: string | null;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RateLimitsTable {
  key: string;
  window_started_at: Date;
  hits: number;
  blocked_until: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  kind: string;
  actor_user_id: number | null;
  subject_user_id: number | null;
  cooperative_id: number | null;
  ip: string | null;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface CooperativesTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  county_zh: string;
  county_en: string;
  story_zh: Generated<string>;
  story_en: Generated<string>;
  founded_year: number | null;
  member_households: number | null;
  contact_phone: string | null;
  settlement_period: Generated<"monthly" | "weekly">;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CooperativeMembersTable {
  cooperative_id: number;
  user_id: number;
  role: Generated<"owner" | "member">;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<number>;
  cooperative_id: number;
  email: string;
  token_hash: string;
  invited_by: number | null;
  expires_at: Date;
  accepted_at: Date | null;
  created_at: CreatedAt;
}

interface Reviewable {
  status: Generated<ReviewStatus>;
  reviewer_id: number | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export interface BrandsTable extends Reviewable {
  id: Generated<number>;
  cooperative_id: number;
  name: string;
  registration_number: string;
  nice_class: number;
  registrant: string;
  registered_on: DateOnly;
  expires_on: DateOnly;
  document_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CertificationsTable extends Reviewable {
  id: Generated<number>;
  cooperative_id: number;
  type: CertificationType;
  number: string;
  issuing_body: string;
  /** What the certificate covers, in Chinese (required by the forms) and English (optional). */
  scope_zh: Generated<string>;
  scope_en: Generated<string>;
  issued_on: DateOnly;
  expires_on: DateOnly;
  document_key: string | null;
  replaces_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface ProductsTable {
  id: Generated<number>;
  cooperative_id: number;
  brand_id: number | null;
  category_id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  description_zh: Generated<string>;
  description_en: Generated<string>;
  origin_county_zh: string;
  origin_county_en: string;
  temperature_class: Generated<TemperatureClass>;
  shelf_life_days: number;
  status: Generated<ProductStatus>;
  season_months: Generated<number[]>;
  illustration: Generated<string>;
  search_text: Generated<string>;
  /** Weighted words of the product, its category, brand, cooperative and county (app/utils/search.server.ts). */
  search_document: Generated<string>;
  /** The SEARCH_DOCUMENT_VERSION search_document was built with: older rows are rebuilt at migrate time. */
  search_version: Generated<number>;
  price_from_fen: Generated<number | null>;
  published_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductCertificationsTable {
  product_id: number;
  certification_id: number;
  created_at: CreatedAt;
}

export interface ProductImagesTable {
  id: Generated<number>;
  product_id: number;
  position: Generated<number>;
  storage_key: string;
  alt_zh: string;
  alt_en: string;
  width: number;
  height: number;
  created_at: CreatedAt;
}

export interface VariantsTable {
  id: Generated<number>;
  product_id: number;
  sku: string;
  label_zh: string;
  label_en: string;
  weight_grams: number;
  price_fen: number;
  stock_on_hand: Generated<number>;
  stock_reserved: Generated<number>;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StockAdjustmentsTable {
  id: Generated<number>;
  variant_id: number;
  delta: number;
  /** Translated by the pages; `manual` changes carry the member's own words in `reason`. */
  reason_code: Generated<StockReasonCode>;
  reason: Generated<string>;
  actor_user_id: number | null;
  created_at: CreatedAt;
}

export interface BatchesTable {
  id: Generated<number>;
  product_id: number;
  code: string;
  harvested_on: DateOnly;
  packed_on: DateOnly;
  best_before: DateOnly;
  quantity: number;
  plot_zh: Generated<string>;
  plot_en: Generated<string>;
  household_zh: Generated<string>;
  household_en: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CartsTable {
  id: Generated<string>;
  user_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CartItemsTable {
  cart_id: string;
  variant_id: number;
  quantity: number;
  price_seen_fen: number;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A sum of money in fen held in a `bigint` column; db/client.ts parses int8 into a (safe-integer) number. */
export type SumFen = number;

export interface SignupRequestsTable {
  token_hash: string;
  email: string;
  name: string;
  password_hash: string;
  locale: Locale;
  redirect_to: string | null;
  expires_at: Date;
  created_at: CreatedAt;
}

export interface OrdersTable {
  id: Generated<number>;
  number: string;
  access_token: string;
  checkout_key: string | null;
  user_id: number | null;
  cart_id: string | null;
  locale: Generated<Locale>;
  contact_name: string;
  /** Null when the shopper gave none (a guest may check out with a mobile number only). */
  email: string | null;
  phone: string;
  ship_province: string;
  ship_city: string;
  ship_district: string;
  ship_region_code: string;
  ship_street: string;
  ship_postcode: string | null;
  shipping_method: ShippingMethod;
  currency: Generated<"CNY">;
  subtotal_fen: SumFen;
  shipping_fen: SumFen;
  total_fen: SumFen;
  refunded_fen: Generated<SumFen>;
  status: Generated<OrderStatus>;
  payment_status: Generated<PaymentStatus>;
  flagged_reason: string | null;
  placed_at: Generated<Date>;
  paid_at: Date | null;
  cancelled_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  variant_id: number | null;
  product_id: number | null;
  cooperative_id: number;
  batch_id: number | null;
  product_name_zh: string;
  product_name_en: string;
  variant_label_zh: string;
  variant_label_en: string;
  sku: string;
  weight_grams: number;
  temperature_class: TemperatureClass;
  unit_price_fen: number;
  quantity: number;
  line_total_fen: SumFen;
  quantity_shipped: Generated<number>;
  created_at: CreatedAt;
}

export interface StockReservationsTable {
  id: Generated<number>;
  order_id: number;
  variant_id: number;
  quantity: number;
  status: Generated<"held" | "committed" | "released">;
  expires_at: Date;
  settled_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PaymentsTable {
  id: Generated<number>;
  order_id: number;
  provider: "stripe" | "dev";
  provider_session_id: string;
  provider_payment_id: string | null;
  attempt: Generated<number>;
  amount_fen: SumFen;
  captured_fen: Generated<SumFen>;
  refunded_fen: Generated<SumFen>;
  /** What the provider kept of the captured money (migration 2026_12_03_0013_payment_fees). */
  fee_fen: Generated<SumFen>;
  currency: Generated<"CNY">;
  status: Generated<"open" | "paid" | "failed" | "expired">;
  checkout_url: string;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RefundsTable {
  id: Generated<number>;
  order_id: number;
  payment_id: number;
  amount_fen: SumFen;
  reason: string;
  idempotency_key: string;
  provider_refund_id: string | null;
  status: Generated<"pending" | "succeeded" | "failed">;
  actor_user_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** 'provider' for a refund made outside the shop (the provider's dashboard), known from its webhook. */
  origin: Generated<"shop" | "provider">;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  provider: string;
  event_id: string;
  type: string;
  payload: Json<unknown>;
  received_at: Generated<Date>;
  processed_at: Date | null;
  created_at: CreatedAt;
}

export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number;
  carrier: Carrier;
  tracking_number: string;
  status: Generated<ShipmentStatus>;
  created_by: number | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  last_event_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ShipmentItemsTable {
  shipment_id: number;
  order_item_id: number;
  quantity: number;
}

export interface ShipmentEventsTable {
  id: Generated<number>;
  shipment_id: number;
  occurred_at: Date;
  status: ShipmentStatus;
  carrier_state: string | null;
  description: string;
  location: string | null;
  source: "carrier" | "staff";
  created_by: number | null;
  created_at: CreatedAt;
}

export interface OrderEventsTable {
  id: Generated<number>;
  order_id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_kind: ActorKind;
  actor_user_id: number | null;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  dedupe_key: string | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<"pending" | "sent" | "failed">;
  attempts: Generated<number>;
  available_at: Generated<Date>;
  sent_at: Date | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SearchSynonymsTable {
  id: Generated<number>;
  /** One group of words that mean the same thing to a shopper (蜂蜜, 蜜, honey). */
  terms: string[];
  created_by: number | null;
  created_at: CreatedAt;
}

/** Per-product relevance inputs that do not depend on the query, kept by triggers. */
export interface ProductRanksTable {
  product_id: number;
  sold_out: boolean;
  sales: Generated<number>;
  /** Active and priced: shown to shoppers. */
  listed: Generated<boolean>;
  /** The name's words (the weight-A part of search_document, without weights). */
  name_terms: Generated<string>;
  /** lower(name_zh) and lower(name_en), the relevance tie-break. */
  name_zh_key: Generated<string>;
  name_en_key: Generated<string>;
}

export interface CommissionRatesTable {
  id: Generated<number>;
  cooperative_id: number;
  /** Basis points of the goods: 500 = 5 %. */
  rate_bp: number;
  /** ISO date (China day) from which the rate applies. */
  effective_from: string;
  set_by: number | null;
  created_at: CreatedAt;
}

export type LedgerTransactionKind = "payment_captured" | "refund" | "payout" | "adjustment";
export type LedgerAccountName = "provider_clearing" | "cooperative_payable" | "commission_income" | "shipping_income" | "payment_fees";

/** One event of the money trail; its entries sum to zero (checked at commit). Append-only. */
export interface LedgerTransactionsTable {
  id: Generated<number>;
  kind: LedgerTransactionKind;
  idempotency_key: string;
  order_id: number | null;
  payment_id: number | null;
  refund_id: number | null;
  /** A stay or experience booking's posting (migration 2026_12_03_0012_booking_ledger); never with order_id. */
  booking_id: number | null;
  booking_payment_id: number | null;
  booking_refund_id: number | null;
  memo: Generated<string>;
  posted_at: Generated<Date>;
}

/** A signed amount on one account: debits positive, credits negative. Append-only. */
export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: number;
  account: LedgerAccountName;
  cooperative_id: number | null;
  amount_fen: SumFen;
  rate_bp: number | null;
}

/** A cooperative's settlement for one period. Immutable once issued. */
export interface StatementsTable {
  id: Generated<number>;
  number: string;
  cooperative_id: number;
  period_start: string;
  period_end: string;
  hold_days: number;
  /** A negative total carried from the previous statement (never positive). */
  opening_fen: SumFen;
  /** Goods sold less goods refunded, over the settled entries. */
  goods_fen: SumFen;
  commission_fen: SumFen;
  total_fen: SumFen;
  issued_at: Generated<Date>;
}

export interface StatementEntriesTable {
  statement_id: number;
  entry_id: number;
}

/** Where a cooperative's payouts go; the full number leaves only in the transfer file. */
export interface CooperativeBankAccountsTable {
  cooperative_id: number;
  account_name: string;
  bank_name: string;
  account_number: string;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export type PayoutStatus = "prepared" | "approved" | "paid";

export interface PayoutBatchesTable {
  id: Generated<number>;
  number: string;
  status: Generated<PayoutStatus>;
  total_fen: SumFen;
  prepared_by: number;
  prepared_at: Generated<Date>;
  approved_by: number | null;
  approved_at: Date | null;
  paid_by: number | null;
  paid_at: Date | null;
  bank_reference: string | null;
}

/** One statement paid in a batch, with the bank details as they were when it was prepared. */
export interface PayoutItemsTable {
  batch_id: number;
  statement_id: number;
  cooperative_id: number;
  amount_fen: SumFen;
  account_name: string;
  bank_name: string;
  account_number: string;
}

export type ProductReviewKind = "initial" | "follow_up";
export type ProductReviewReportReason = "spam" | "offensive" | "not_about_product" | "personal_data" | "other";

export interface ProductReviewsTable {
  id: Generated<number>;
  order_item_id: number;
  product_id: number;
  cooperative_id: number;
  user_id: number;
  kind: ProductReviewKind;
  stars: number | null;
  body: string;
  has_photos: Generated<boolean>;
  hidden_at: Date | null;
  hidden_reason: string | null;
  hidden_by: number | null;
  reply_body: string | null;
  replied_at: Date | null;
  replied_by: number | null;
  report_count: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProductReviewPhotosTable {
  id: Generated<number>;
  review_id: number;
  position: number;
  storage_key: string;
  width: number;
  height: number;
}

export interface ProductReviewReportsTable {
  review_id: number;
  user_id: number;
  reason: ProductReviewReportReason;
  created_at: CreatedAt;
}

/** A member household of a cooperative; identity numbers are never stored, only their last four. */
export interface HouseholdsTable {
  id: Generated<number>;
  cooperative_id: number;
  /** The household's number in the cooperative's register (户号). */
  number: number;
  head_name: string;
  village: string;
  joined_on: DateOnly;
  left_on: DateOnly | null;
  id_last4: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Every version of a household's details, newest last. Append-only. */
export interface HouseholdHistoryTable {
  id: Generated<number>;
  household_id: number;
  head_name: string;
  village: string;
  joined_on: DateOnly;
  left_on: DateOnly | null;
  id_last4: string | null;
  changed_by: number | null;
  changed_at: Generated<Date>;
}

export type MemberAccountKind = "cash_contribution" | "land_contribution" | "reserve_share" | "subsidy" | "donation" | "converted_surplus";

/** What a member account (成员账户) holds, one entry at a time; a correction is a new entry. Append-only. */
export interface MemberAccountEntriesTable {
  id: Generated<number>;
  cooperative_id: number;
  household_id: number;
  kind: MemberAccountKind;
  amount_fen: SumFen;
  /** Land management rights: the mu contributed (numeric, read as a string). */
  land_mu: ColumnType<string | null, string | number | null | undefined, never>;
  entered_on: DateOnly;
  note: Generated<string>;
  corrects_id: number | null;
  distribution_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

/** A household's transaction with the cooperative (交售记录). Append-only. */
export interface HouseholdDeliveriesTable {
  id: Generated<number>;
  cooperative_id: number;
  household_id: number;
  delivered_on: DateOnly;
  produce: string;
  weight_grams: SumFen;
  amount_fen: SumFen;
  batch_id: number | null;
  note: Generated<string>;
  corrects_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export type DistributionStatus = "draft" | "confirmed";
/** How the printed notice names households: in full, as surname + 某, or by household number. */
export type NoticeNames = "full" | "masked" | "number";

/** A period's surplus distribution; never changes once confirmed. */
export interface DistributionsTable {
  id: Generated<number>;
  cooperative_id: number;
  period_start: DateOnly;
  period_end: DateOnly;
  income_fen: SumFen;
  costs_fen: SumFen;
  surplus_fen: SumFen;
  losses_fen: SumFen;
  losses_covered_fen: SumFen;
  reserve_rate_bp: number;
  reserve_fen: SumFen;
  transaction_share_bp: number;
  distributable_fen: SumFen;
  by_transactions_fen: SumFen;
  by_accounts_fen: SumFen;
  converted_bp: Generated<number>;
  notice_names: Generated<NoticeNames>;
  status: Generated<DistributionStatus>;
  created_by: number | null;
  created_at: CreatedAt;
  confirmed_by: number | null;
  confirmed_at: Date | null;
}

/** One household's two parts of a distribution, with its name as it was. */
export interface DistributionLinesTable {
  distribution_id: number;
  cooperative_id: number;
  household_id: number;
  household_number: number;
  head_name: string;
  village: string;
  member_days: number;
  transactions_fen: SumFen;
  account_fen: SumFen;
  by_transactions_fen: SumFen;
  by_account_fen: SumFen;
  converted_fen: SumFen;
}

export interface Database {
  users: UsersTable;
  signup_requests: SignupRequestsTable;
  sessions: SessionsTable;
  addresses: AddressesTable;
  rate_limits: RateLimitsTable;
  audit_events: AuditEventsTable;
  cooperatives: CooperativesTable;
  cooperative_members: CooperativeMembersTable;
  invitations: InvitationsTable;
  brands: BrandsTable;
  certifications: CertificationsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_certifications: ProductCertificationsTable;
  product_ranks: ProductRanksTable;
  commission_rates: CommissionRatesTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  statements: StatementsTable;
  statement_entries: StatementEntriesTable;
  cooperative_bank_accounts: CooperativeBankAccountsTable;
  payout_batches: PayoutBatchesTable;
  payout_items: PayoutItemsTable;
  households: HouseholdsTable;
  household_history: HouseholdHistoryTable;
  member_account_entries: MemberAccountEntriesTable;
  household_deliveries: HouseholdDeliveriesTable;
  distributions: DistributionsTable;
  distribution_lines: DistributionLinesTable;
  product_images: ProductImagesTable;
  variants: VariantsTable;
  stock_adjustments: StockAdjustmentsTable;
  batches: BatchesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  stock_reservations: StockReservationsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  webhook_events: WebhookEventsTable;
  shipments: ShipmentsTable;
  shipment_items: ShipmentItemsTable;
  shipment_events: ShipmentEventsTable;
  order_events: OrderEventsTable;
  outbox: OutboxTable;
  search_synonyms: SearchSynonymsTable;
  product_reviews: ProductReviewsTable;
  product_review_photos: ProductReviewPhotosTable;
  product_review_reports: ProductReviewReportsTable;
  stay_listings: StayListingsTable;
  stay_units: StayUnitsTable;
  stay_rates: StayRatesTable;
  stay_closed_nights: StayClosedNightsTable;
  experience_slots: ExperienceSlotsTable;
  bookings: BookingsTable;
  booking_payments: BookingPaymentsTable;
  booking_refunds: BookingRefundsTable;
  stay_images: StayImagesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Cooperative = Selectable<CooperativesTable>;
export type Brand = Selectable<BrandsTable>;
export type Certification = Selectable<CertificationsTable>;
export type Category = Selectable<CategoriesTable>;
export type Product = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type Variant = Selectable<VariantsTable>;
export type Batch = Selectable<BatchesTable>;
export type Order = Selectable<OrdersTable>;
export type OrderItem = Selectable<OrderItemsTable>;
export type Shipment = Selectable<ShipmentsTable>;
export type ShipmentEvent = Selectable<ShipmentEventsTable>;
export type OrderEvent = Selectable<OrderEventsTable>;

// Stays and experiences (migration 2026_12_03_0007_stays). Nights are 'YYYY-MM-DD' China dates;
// `stay_range` is a `daterange` '[check-in,check-out)' and is read through lower()/upper().
export type StayKind = "stay" | "experience";
export type BookingStatus = "held" | "paid" | "cancelled" | "checked_in" | "no_show" | "expired";
export type BookingCanceller = "guest" | "host" | "staff" | "system";

export interface StayImagesTable {
  id: Generated<number>;
  listing_id: number;
  position: Generated<number>;
  storage_key: string;
  alt_zh: string;
  alt_en: string;
  width: number;
  height: number;
  created_at: CreatedAt;
}

export interface StayListingsTable {
  id: Generated<number>;
  cooperative_id: number;
  slug: string;
  kind: StayKind;
  name_zh: string;
  name_en: Generated<string>;
  description_zh: Generated<string>;
  description_en: Generated<string>;
  county_zh: string;
  county_en: Generated<string>;
  village_zh: Generated<string>;
  village_en: Generated<string>;
  address_zh: Generated<string>;
  address_en: Generated<string>;
  access_kind: "rail" | "expressway" | null;
  access_point_zh: Generated<string>;
  access_point_en: Generated<string>;
  /** numeric(6,1): read as a string by both drivers. */
  access_distance_km: ColumnType<string | null, number | string | null, number | string | null>;
  directions_zh: Generated<string>;
  directions_en: Generated<string>;
  check_in_from: string | null;
  check_out_until: string | null;
  house_rules_zh: Generated<string>;
  house_rules_en: Generated<string>;
  amenities: Generated<string[]>;
  included_zh: Generated<string>;
  included_en: Generated<string>;
  duration_minutes: number | null;
  min_age: number | null;
  host_phone: string | null;
  cancel_free_days: Generated<number>;
  cancel_late_refund_percent: Generated<number>;
  status: Generated<"draft" | "published" | "archived">;
  published_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StayUnitsTable {
  id: Generated<number>;
  listing_id: number;
  name_zh: string;
  name_en: Generated<string>;
  capacity: number;
  beds_zh: Generated<string>;
  beds_en: Generated<string>;
  base_price_fen: number;
  weekend_price_fen: number | null;
  min_nights: Generated<number>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface StayRatesTable {
  id: Generated<number>;
  unit_id: number;
  label_zh: string;
  label_en: Generated<string>;
  starts_on: DateOnly;
  /** Exclusive, like check-out. */
  ends_on: DateOnly;
  price_fen: number;
  min_nights: number | null;
  created_at: CreatedAt;
}

export interface StayClosedNightsTable {
  unit_id: number;
  night: DateOnly;
  created_at: CreatedAt;
}

export interface ExperienceSlotsTable {
  id: Generated<number>;
  listing_id: number;
  starts_at: Date;
  capacity: number;
  price_fen: number;
  booked: Generated<number>;
  status: Generated<"open" | "cancelled">;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingsTable {
  id: Generated<number>;
  number: string;
  access_token_hash: string;
  hold_key: string | null;
  kind: StayKind;
  cooperative_id: number;
  listing_id: number;
  unit_id: number | null;
  /** daterange: written as '[YYYY-MM-DD,YYYY-MM-DD)'. */
  stay_range: string | null;
  slot_id: number | null;
  guests: number;
  user_id: number | null;
  locale: Generated<Locale>;
  contact_name: string;
  contact_mobile: string;
  email: string | null;
  special_requests: Generated<string>;
  status: Generated<BookingStatus>;
  hold_expires_at: Date;
  nights: Json<{ night: string; priceFen: number; source: string }[]>;
  total_fen: SumFen;
  captured_fen: Generated<SumFen>;
  refund_due_fen: Generated<SumFen>;
  refunded_fen: Generated<SumFen>;
  cancel_free_days: number;
  cancel_late_refund_percent: number;
  cancelled_by: BookingCanceller | null;
  paid_at: Date | null;
  cancelled_at: Date | null;
  /** When the reminder two days before arrival was queued (migration 0011); once per booking. */
  reminder_queued_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingPaymentsTable {
  id: Generated<number>;
  booking_id: number;
  provider: "stripe" | "dev";
  provider_session_id: string;
  provider_payment_id: string | null;
  attempt: Generated<number>;
  amount_fen: SumFen;
  captured_fen: Generated<SumFen>;
  refunded_fen: Generated<SumFen>;
  /** What the provider kept of the captured money (migration 2026_12_03_0013_payment_fees). */
  fee_fen: Generated<SumFen>;
  currency: Generated<"CNY">;
  status: Generated<"open" | "paid" | "failed" | "expired">;
  flagged_reason: string | null;
  checkout_url: string;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BookingRefundsTable {
  id: Generated<number>;
  booking_id: number;
  booking_payment_id: number;
  amount_fen: SumFen;
  reason: string;
  idempotency_key: string;
  provider_refund_id: string | null;
  status: Generated<"pending" | "succeeded" | "failed">;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
