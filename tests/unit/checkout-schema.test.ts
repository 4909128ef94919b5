import { describe, expect, it } from "vitest";
import { cartIntentSchema, checkoutSchema, quantityField, typedValues } from "~/utils/checkout-schema.server";
import { fieldErrors } from "~/utils/form-errors.server";

const valid = {
  checkoutKey: "abcdefghijklmnopqrstuv",
  name: " 李 晓明 ",
  email: " Li@Example.TEST ",
  phone: "138 0013 8000",
  province: "500000",
  city: "500000",
  district: "500103",
  street: "解放碑 88 号",
  postcode: "",
  shippingMethod: "standard",
};

describe("quantities", () => {
  it.each(["1", "2", "999", " 12 "])("accepts %s", (value) => {
    expect(quantityField.safeParse(value).success).toBe(true);
  });
  it.each(["0", "-1", "1.5", "1e12", "1e3", "abc", "", "1000", "0x10", "99999999999999999999", "١٢"])("refuses %j", (value) => {
    const result = quantityField.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("errors.quantity");
  });

  it("switches the cart schema on intent", () => {
    expect(cartIntentSchema.parse({ intent: "add", variantId: "3", quantity: "2" })).toEqual({ intent: "add", variantId: 3, quantity: 2 });
    expect(cartIntentSchema.safeParse({ intent: "update", variantId: "3", quantity: "1.5" }).success).toBe(false);
    expect(cartIntentSchema.safeParse({ intent: "explode" }).success).toBe(false);
  });
});

describe("checkoutSchema", () => {
  it("normalizes what people type", () => {
    const parsed = checkoutSchema.parse(valid);
    expect(parsed).toMatchObject({ name: "李 晓明", email: "li@example.test", phone: "13800138000", postcode: null });
    expect(checkoutSchema.parse({ ...valid, phone: "+86 139-0000-0000" }).phone).toBe("13900000000");
  });

  it.each([
    ["phone", "12800138000"],
    ["phone", "1380013800"],
    ["email", "not-an-email"],
    ["province", "50"],
    ["postcode", "4000"],
    ["shippingMethod", "teleport"],
    ["street", "x"],
    ["name", "   "],
  ])("refuses a bad %s (%j) with its own message", (field, value) => {
    const result = checkoutSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)[field as keyof ReturnType<typeof fieldErrors>]).toBe(`errors.${field}`);
  });

  it("echoes only the form's own fields", () => {
    const form = new FormData();
    form.set("name", "Li");
    form.set("priceFen", "1");
    form.set("currency", "usd");
    expect(typedValues(form)).toEqual({ name: "Li" });
  });
});
