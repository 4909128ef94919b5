import { describe, expect, it } from "vitest";
import {
  createAddress,
  deleteAddress,
  getDefaultAddress,
  listAddresses,
  MAX_ADDRESSES_PER_USER,
  setDefaultAddress,
  updateAddress,
  type AddressInput,
} from "~/models/address.server";
import { db } from "~/utils/db.server";

let counter = 0;
async function newUser(): Promise<number> {
  counter += 1;
  const row = await db()
    .insertInto("users")
    .values({ email: `addresses-${process.pid}-${Date.now()}-${counter}@example.test`, name: "地址测试" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function input(overrides: Partial<AddressInput> = {}): AddressInput {
  return {
    recipient: "李小梅",
    phone: "13800138000",
    province: "重庆市",
    city: "重庆市",
    district: "渝中区",
    regionCode: "500103",
    street: "解放碑步行街1号",
    postcode: "400010",
    ...overrides,
  };
}

describe("saved addresses", () => {
  it("makes the first address the default, and keeps exactly one default", async () => {
    const userId = await newUser();
    const first = await createAddress(db(), { userId, input: input() });
    const second = await createAddress(db(), { userId, input: input({ recipient: "王大山", street: "江北区观音桥步行街8号" }) });
    expect(first.ok && first.address.isDefault).toBe(true);
    expect(second.ok && second.address.isDefault).toBe(false);

    const third = await createAddress(db(), { userId, input: input({ recipient: "张三", isDefault: true }) });
    if (!third.ok) throw new Error("not created");
    const list = await listAddresses(db(), { userId });
    expect(list.map((a) => [a.recipient, a.isDefault])).toEqual([
      ["张三", true],
      ["王大山", false],
      ["李小梅", false],
    ]);
    expect((await getDefaultAddress(db(), { userId }))?.id).toBe(third.address.id);

    if (!second.ok) throw new Error("not created");
    expect(await setDefaultAddress(db(), { userId, addressId: second.address.id })).toBe(true);
    const defaults = (await listAddresses(db(), { userId })).filter((a) => a.isDefault);
    expect(defaults.map((a) => a.id)).toEqual([second.address.id]);
  });

  it("hands the default to another address when the default is deleted", async () => {
    const userId = await newUser();
    const a = await createAddress(db(), { userId, input: input({ recipient: "甲" }) });
    const b = await createAddress(db(), { userId, input: input({ recipient: "乙" }) });
    if (!a.ok || !b.ok) throw new Error("not created");
    expect(await deleteAddress(db(), { userId, addressId: a.address.id })).toBe(true);
    expect(await listAddresses(db(), { userId })).toEqual([{ ...b.address, isDefault: true }]);
    expect(await deleteAddress(db(), { userId, addressId: b.address.id })).toBe(true);
    expect(await getDefaultAddress(db(), { userId })).toBeNull();
  });

  it("never touches another user's address", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const created = await createAddress(db(), { userId: owner, input: input() });
    if (!created.ok) throw new Error("not created");
    const id = created.address.id;
    expect(await updateAddress(db(), { userId: intruder, addressId: id, input: input({ recipient: "冒充" }) })).toBeNull();
    expect(await setDefaultAddress(db(), { userId: intruder, addressId: id })).toBe(false);
    expect(await deleteAddress(db(), { userId: intruder, addressId: id })).toBe(false);
    expect(await listAddresses(db(), { userId: intruder })).toEqual([]);
    expect((await listAddresses(db(), { userId: owner }))[0]).toEqual(created.address);
  });

  it("updates an address in place", async () => {
    const userId = await newUser();
    const created = await createAddress(db(), { userId, input: input() });
    if (!created.ok) throw new Error("not created");
    const updated = await updateAddress(db(), { userId, addressId: created.address.id, input: input({ street: "南岸区南滨路99号", postcode: null, regionCode: "500108", district: "南岸区" }) });
    expect(updated).toMatchObject({ street: "南岸区南滨路99号", postcode: null, regionCode: "500108", district: "南岸区", isDefault: true });
  });

  it("keeps an address book to a sensible size", async () => {
    const userId = await newUser();
    for (let i = 0; i < MAX_ADDRESSES_PER_USER; i += 1) {
      expect((await createAddress(db(), { userId, input: input({ recipient: `收件人${i}` }) })).ok).toBe(true);
    }
    expect(await createAddress(db(), { userId, input: input() })).toEqual({ ok: false, error: "too_many" });
  });
});
