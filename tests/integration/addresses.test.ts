import { describe, expect, it } from "vitest";
import { checkoutValuesFromAddress, createAddress, getDefaultAddress, listAddresses } from "~/models/address.server";
import { action, loader } from "~/routes/account.addresses";
import { db } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, settle, testContext } from "../support/auth";

const yuzhong = { province: "500000", city: "500000", district: "500103" };

function post(email: string, form: Record<string, string>) {
  return settle(async () => action({ request: await formRequest("/account/addresses", { email, form }), params: {}, context: testContext }));
}

describe("/account/addresses", () => {
  it("sends a visitor who is not signed in to the login page", async () => {
    const response = (await settle(async () => loader({ request: await getRequest("/account/addresses"), params: {}, context: testContext }))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Faccount%2Faddresses/);
  });

  it("saves an address with its region names, makes the first one the default, and lists it", async () => {
    const user = await createTestUser();
    const response = (await post(user.email, {
      intent: "create",
      recipient: " 李  小梅 ",
      phone: "+86 138-0013-8000",
      ...yuzhong,
      street: "解放碑步行街 88 号 3 栋 1201",
      postcode: "400010",
    })) as Response;
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/account/addresses?done=saved");
    const [saved] = await listAddresses(db(), { userId: (await db().selectFrom("users").select("id").where("email", "=", user.email).executeTakeFirstOrThrow()).id });
    expect(saved).toMatchObject({ recipient: "李 小梅", phone: "13800138000", province: "重庆市", city: "重庆市", district: "渝中区", regionCode: "500103", postcode: "400010", isDefault: true });

    const page = (await loader({ request: await getRequest("/account/addresses?done=saved", { email: user.email }), params: {}, context: testContext })) as Response;
    const data = await page.json();
    expect(data.addresses).toHaveLength(1);
    expect(data.done).toBe("saved");
  });

  it("refuses a bad form with 400, field errors, and what was typed", async () => {
    const user = await createTestUser();
    const response = (await post(user.email, { intent: "create", recipient: "", phone: "12345", ...yuzhong, street: "短", postcode: "4000" })) as Response;
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.errors).toMatchObject({ recipient: "recipient", phone: "phone", street: "street", postcode: "postcode", form: "form" });
    expect(data.values).toMatchObject({ phone: "12345", street: "短", postcode: "4000" });
    expect(await listAddresses(db(), { userId: user.id })).toEqual([]);
  });

  it("refuses a district that does not belong to the city", async () => {
    const user = await createTestUser();
    const response = (await post(user.email, { intent: "create", recipient: "王大山", phone: "13800138000", province: "500000", city: "500000", district: "110101", street: "解放碑步行街 1 号" })) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).errors.district).toBe("region");
  });

  it("without JavaScript, lists the next level of regions and keeps what was typed", async () => {
    const user = await createTestUser();
    const response = (await post(user.email, { intent: "create", regions: "1", recipient: "王大山", phone: "13800138000", province: "510000", city: "", district: "", street: "" })) as Response;
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.regions.cities.some((city: { name: string }) => city.name === "成都市")).toBe(true);
    expect(data.values.recipient).toBe("王大山");
  });

  it("edits, makes default and deletes only the user's own addresses", async () => {
    const user = await createTestUser();
    const intruder = await createTestUser();
    const first = await createAddress(db(), { userId: user.id, input: { recipient: "甲", phone: "13800138000", province: "重庆市", city: "重庆市", district: "渝中区", regionCode: "500103", street: "解放碑步行街 1 号", postcode: null } });
    const second = await createAddress(db(), { userId: user.id, input: { recipient: "乙", phone: "13900139000", province: "重庆市", city: "重庆市", district: "江北区", regionCode: "500105", street: "观音桥步行街 2 号", postcode: null } });
    if (!first.ok || !second.ok) throw new Error("not created");

    for (const form of [
      { intent: "default", addressId: String(second.address.id) },
      { intent: "delete", addressId: String(first.address.id) },
      { intent: "update", addressId: String(first.address.id), recipient: "冒充", phone: "13800138000", ...yuzhong, street: "解放碑步行街 1 号" },
    ]) {
      const response = (await post(intruder.email, form)) as Response;
      expect(response.status, form.intent).toBe(404);
    }
    expect((await getDefaultAddress(db(), { userId: user.id }))?.id).toBe(first.address.id);

    expect(((await post(user.email, { intent: "default", addressId: String(second.address.id) })) as Response).status).toBe(303);
    expect((await getDefaultAddress(db(), { userId: user.id }))?.id).toBe(second.address.id);

    const edit = (await loader({ request: await getRequest(`/account/addresses?edit=${first.address.id}`, { email: user.email }), params: {}, context: testContext })) as Response;
    const editing = (await edit.json()).editing;
    expect(editing.values).toMatchObject({ recipient: "甲", province: "500000", city: "500000", district: "500103" });

    const updated = (await post(user.email, { intent: "update", addressId: String(first.address.id), recipient: "甲二", phone: "13800138001", province: "500000", city: "500000", district: "500108", street: "南滨路 99 号" })) as Response;
    expect(updated.status).toBe(303);
    expect((await listAddresses(db(), { userId: user.id })).find((a) => a.id === first.address.id)).toMatchObject({ recipient: "甲二", district: "南岸区", regionCode: "500108", isDefault: false });

    expect(((await post(user.email, { intent: "delete", addressId: String(second.address.id) })) as Response).status).toBe(303);
    expect((await listAddresses(db(), { userId: user.id })).map((a) => [a.id, a.isDefault])).toEqual([[first.address.id, true]]);
  });

  it("gives checkout the codes its region selects need", async () => {
    const user = await createTestUser();
    const created = await createAddress(db(), { userId: user.id, input: { recipient: "张三", phone: "13800138000", province: "四川省", city: "成都市", district: "武侯区", regionCode: "510107", street: "科华北路 1 号", postcode: "610041" } });
    if (!created.ok) throw new Error("not created");
    expect(checkoutValuesFromAddress(created.address)).toEqual({
      name: "张三",
      phone: "13800138000",
      province: "510000",
      city: "510100",
      district: "510107",
      street: "科华北路 1 号",
      postcode: "610041",
    });
  });
});
