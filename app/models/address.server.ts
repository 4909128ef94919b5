import { sql, type Kysely } from "kysely";
import type { Database } from "~db/schema";
import { listCities, listDistricts } from "~/utils/regions.server";
import { withTransaction } from "~/models/transaction.server";
import type { PostalAddress } from "~/types/address";

/**
 * A shopper's saved delivery addresses. Every function is scoped by `userId`: an address
 * id from a form that belongs to someone else behaves exactly like one that does not exist.
 * At most one address per user is the default; the first one saved becomes it, and when
 * the default is deleted the most recently used remaining one takes its place.
 */

export const MAX_ADDRESSES_PER_USER = 20;

export interface AddressInput extends PostalAddress {
  recipient: string;
  phone: string;
  isDefault?: boolean;
}

export interface SavedAddress extends Required<AddressInput> {
  id: number;
}

const columns = ["id", "recipient", "phone", "province", "city", "district", "region_code", "street", "postcode", "is_default"] as const;

function toSaved(row: {
  id: number;
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  region_code: string;
  street: string;
  postcode: string | null;
  is_default: boolean;
}): SavedAddress {
  return {
    id: row.id,
    recipient: row.recipient,
    phone: row.phone,
    province: row.province,
    city: row.city,
    district: row.district,
    regionCode: row.region_code,
    street: row.street,
    postcode: row.postcode,
    isDefault: row.is_default,
  };
}

/** The user's addresses, default first, then the most recently changed. */
export async function listAddresses(db: Kysely<Database>, { userId }: { userId: number }): Promise<SavedAddress[]> {
  const rows = await db
    .selectFrom("addresses")
    .select(columns)
    .where("user_id", "=", userId)
    .orderBy("is_default", "desc")
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toSaved);
}

export async function getAddress(db: Kysely<Database>, { userId, addressId }: { userId: number; addressId: number }): Promise<SavedAddress | null> {
  const row = await db.selectFrom("addresses").select(columns).where("user_id", "=", userId).where("id", "=", addressId).executeTakeFirst();
  return row ? toSaved(row) : null;
}

/** What checkout prefills: the default address, or null when the user has none saved. */
export async function getDefaultAddress(db: Kysely<Database>, { userId }: { userId: number }): Promise<SavedAddress | null> {
  return (await listAddresses(db, { userId }))[0] ?? null;
}

function values(input: AddressInput) {
  return {
    recipient: input.recipient,
    phone: input.phone,
    province: input.province,
    city: input.city,
    district: input.district,
    region_code: input.regionCode,
    street: input.street,
    postcode: input.postcode,
  };
}

/** Serializes changes to one user's address book (the default flag must stay unique). */
async function lockAddressBook(trx: Kysely<Database>, userId: number): Promise<void> {
  await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
}

async function makeDefault(trx: Kysely<Database>, { userId, addressId }: { userId: number; addressId: number }): Promise<void> {
  await trx
    .updateTable("addresses")
    .set({ is_default: sql<boolean>`id = ${addressId}` })
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("is_default", "=", true), eb("id", "=", addressId)]))
    .execute();
}

export type CreateAddressResult = { ok: true; address: SavedAddress } | { ok: false; error: "too_many" };

export async function createAddress(db: Kysely<Database>, { userId, input }: { userId: number; input: AddressInput }): Promise<CreateAddressResult> {
  return withTransaction(db, async (trx) => {
    await lockAddressBook(trx, userId);
    const { count } = await trx
      .selectFrom("addresses")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= MAX_ADDRESSES_PER_USER) return { ok: false as const, error: "too_many" as const };
    const { id } = await trx
      .insertInto("addresses")
      .values({ ...values(input), user_id: userId, is_default: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.isDefault || Number(count) === 0) await makeDefault(trx, { userId, addressId: id });
    return { ok: true as const, address: (await getAddress(trx, { userId, addressId: id }))! };
  });
}

/** Returns null when the address is not the user's. */
export async function updateAddress(
  db: Kysely<Database>,
  { userId, addressId, input }: { userId: number; addressId: number; input: AddressInput },
): Promise<SavedAddress | null> {
  return withTransaction(db, async (trx) => {
    await lockAddressBook(trx, userId);
    const updated = await trx
      .updateTable("addresses")
      .set({ ...values(input), updated_at: sql`now()` })
      .where("user_id", "=", userId)
      .where("id", "=", addressId)
      .returning("id")
      .executeTakeFirst();
    if (!updated) return null;
    if (input.isDefault) await makeDefault(trx, { userId, addressId });
    return getAddress(trx, { userId, addressId });
  });
}

/** Returns false when the address is not the user's. */
export async function setDefaultAddress(db: Kysely<Database>, { userId, addressId }: { userId: number; addressId: number }): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    await lockAddressBook(trx, userId);
    if (!(await getAddress(trx, { userId, addressId }))) return false;
    await makeDefault(trx, { userId, addressId });
    return true;
  });
}

/** Returns false when the address is not the user's. */
export async function deleteAddress(db: Kysely<Database>, { userId, addressId }: { userId: number; addressId: number }): Promise<boolean> {
  return withTransaction(db, async (trx) => {
    await lockAddressBook(trx, userId);
    const deleted = await trx
      .deleteFrom("addresses")
      .where("user_id", "=", userId)
      .where("id", "=", addressId)
      .returning("is_default")
      .executeTakeFirst();
    if (!deleted) return false;
    if (deleted.is_default) {
      const next = await trx
        .selectFrom("addresses")
        .select("id")
        .where("user_id", "=", userId)
        .orderBy("updated_at", "desc")
        .orderBy("id", "desc")
        .executeTakeFirst();
      if (next) await makeDefault(trx, { userId, addressId: next.id });
    }
    return true;
  });
}

/**
 * The province, city and district codes of a saved address (it stores the district's
 * code), as the region selects of the address and checkout forms want them; null when
 * the code is no longer in the region list.
 */
export function regionCodesOf(regionCode: string): { province: string; city: string; district: string } | null {
  if (!/^\d{6}$/.test(regionCode)) return null;
  const province = `${regionCode.slice(0, 2)}0000`;
  const city = listCities(province).find((candidate) => listDistricts(candidate.code).some((d) => d.code === regionCode));
  return city ? { province, city: city.code, district: regionCode } : null;
}

/**
 * The fields a saved address fills in on both the address form and checkout, as form values:
 * region codes for the selects, and empty strings where nothing was saved.
 */
export function formValuesFromAddress(address: SavedAddress): {
  phone: string;
  province: string;
  city: string;
  district: string;
  street: string;
  postcode: string;
} {
  const codes = regionCodesOf(address.regionCode);
  return {
    phone: address.phone,
    province: codes?.province ?? "",
    city: codes?.city ?? "",
    district: codes?.district ?? "",
    street: address.street,
    postcode: address.postcode ?? "",
  };
}

/**
 * A saved address as checkout form values (its field names): what checkout prefills for a
 * signed-in shopper from `getDefaultAddress`, or from the address they pick.
 */
export function checkoutValuesFromAddress(address: SavedAddress): { name: string } & ReturnType<typeof formValuesFromAddress> {
  return { name: address.recipient, ...formValuesFromAddress(address) };
}
