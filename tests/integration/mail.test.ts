import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation } from "~/models/invitation.server";
import { escapeHtml, html } from "~/services/mail/html";
import { composeOutboxMail, PermanentDeliveryError } from "~/services/mail/messages.server";
import { orderConfirmationEmail } from "~/services/mail/templates.server";
import { mailTransport } from "~/services/mail/transport.server";
import { db } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { getFixedT } from "~/utils/i18n.server";
import { insertTestOrder, insertTestProduct, insertTestShipment } from "../support/after-purchase";
import { createTestUser } from "../support/auth";
import { startTestSmtpServer, type TestSmtpServer } from "../support/smtp";

const dataDir = mkdtempSync(path.join(tmpdir(), "shanshui-mail-"));
let smtp: TestSmtpServer;

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  process.env.PUBLIC_URL = "https://shop.example.test";
  delete process.env.SMTP_URL;
  resetEnvForTests();
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.close();
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_URL;
  resetEnvForTests();
});

describe("the HTML builder", () => {
  it("escapes every interpolated value, and only once", () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const fragment = html`<b>${name}</b>`;
    expect(html`<p>${fragment}</p>`.value).toBe("<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</b></p>");
    expect(escapeHtml(null)).toBe("");
  });
});

describe("e-mail templates", () => {
  it("render in the shopper's language, as text and as HTML with values escaped", async () => {
    const order = {
      number: "SS2026ABC",
      contactName: `王<b>小明</b>`,
      orderUrl: "https://shop.example.test/orders/SS2026ABC?token=abc&lang=zh",
      lines: [{ name: "奉节脐橙 <img src=x onerror=alert(1)>", variant: "5公斤装", quantity: 2, lineTotalFen: 13600 }],
      subtotalFen: 13600,
      shippingFen: 1000,
      totalFen: 14600,
      addressLines: ["王小明 13800138000", "重庆市 重庆市 渝中区", "解放碑步行街1号"],
    };
    const zh = orderConfirmationEmail(await translate("zh"), { ...order, language: "zh" });
    expect(zh.subject).toBe("山水集市订单 SS2026ABC");
    expect(zh.text).toContain("王<b>小明</b>，您好");
    expect(zh.text).toContain("¥146.00");
    expect(zh.text).toContain(order.orderUrl);
    expect(zh.html).toContain("王&lt;b&gt;小明&lt;/b&gt;");
    expect(zh.html).toContain("奉节脐橙 &lt;img src=x onerror=alert(1)&gt;");
    expect(zh.html).not.toContain("<img");
    expect(zh.html).toContain('href="https://shop.example.test/orders/SS2026ABC?token=abc&amp;lang=zh"');
    expect(zh.html).toContain('lang="zh-CN"');

    const en = orderConfirmationEmail(await translate("en"), { ...order, language: "en" });
    expect(en.subject).toBe("Your Shanshui Market order SS2026ABC");
    expect(en.text).toContain("Total: ¥146.00");
    expect(en.html).toContain("View your order");
  });

  it("never puts a non-http link into an href", async () => {
    const email = orderConfirmationEmail(await translate("en"), {
      language: "en",
      number: "X",
      contactName: "",
      orderUrl: "javascript:alert(1)",
      lines: [],
      subtotalFen: 0,
      shippingFen: 0,
      totalFen: 0,
      addressLines: [],
    });
    expect(email.html).not.toContain("javascript:");
  });
});

describe("composing outbox e-mails from the database", () => {
  it("writes the shipped e-mail with carrier, tracking number and the order link with its token", async () => {
    const order = await insertTestOrder({ locale: "en" });
    const shipment = await insertTestShipment(order, { carrier: "sf", trackingNumber: "SF1234567890123" });
    const mail = await composeOutboxMail(db(), { id: 41, kind: "email.order_shipped", payload: { orderId: order.id, shipmentId: shipment.id } });
    expect(mail.to).toBe(order.email);
    expect(mail.subject).toBe(`Order ${order.number} has shipped`);
    expect(mail.text).toContain("SF Express");
    expect(mail.text).toContain("SF1234567890123");
    expect(mail.text).toContain(`https://shop.example.test/orders/${order.number}?token=${order.accessToken}&lang=en`);
    expect(mail.text).not.toContain("follows in another parcel");
    // The lookup link arrives with the order number filled in.
    expect(mail.text).toContain(`https://shop.example.test/orders/lookup?lang=en&number=${order.number}`);
    expect(mail.messageId).toBe("<outbox-41.order_shipped@shop.example.test>");
  });

  it("writes Chinese for an order placed in Chinese", async () => {
    const order = await insertTestOrder({ locale: "zh" });
    const shipment = await insertTestShipment(order, { carrier: "jd", trackingNumber: "JDVA12345678901" });
    const delivered = await composeOutboxMail(db(), { id: 42, kind: "email.order_delivered", payload: { orderId: order.id, shipmentId: shipment.id } });
    expect(delivered.subject).toBe(`订单 ${order.number} 已送达`);
    expect(delivered.text).toContain("京东物流");
    expect(delivered.language).toBe("zh");
  });

  it("reports a refund with its amount", async () => {
    const order = await insertTestOrder({ locale: "en" });
    const mail = await composeOutboxMail(db(), { id: 43, kind: "email.order_refunded", payload: { orderId: order.id, amountFen: 3400 } });
    expect(mail.subject).toBe(`Refund of ¥34.00 for order ${order.number}`);
  });

  it("writes the invitation queued by the invitation model, with its one-time link", async () => {
    const admin = await createTestUser({ role: "admin" });
    const cooperative = await db().selectFrom("cooperatives").select(["id", "name_en"]).orderBy("id").executeTakeFirstOrThrow();
    const created = await createInvitation(db(), { cooperativeId: cooperative.id, email: "new.member@example.test", invitedBy: admin.id, locale: "en", baseUrl: "https://shop.example.test" });
    const row = await db().selectFrom("outbox").select(["id", "kind", "payload"]).where("dedupe_key", "=", `invitation:${created!.id}`).executeTakeFirstOrThrow();
    const mail = await composeOutboxMail(db(), { ...row, id: Number(row.id) });
    expect(mail.to).toBe("new.member@example.test");
    expect(mail.subject).toBe(`You are invited to join ${cooperative.name_en} on Shanshui Market`);
    expect(mail.text).toContain(created!.url);
    expect(mail.html).toContain(`href="${created!.url}"`);
  });

  it("refuses for good what can never be sent", async () => {
    await expect(composeOutboxMail(db(), { id: 1, kind: "email.order_shipped", payload: { orderId: 999999, shipmentId: 1 } })).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(composeOutboxMail(db(), { id: 1, kind: "email.unknown", payload: {} })).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(composeOutboxMail(db(), { id: 1, kind: "email.order_shipped", payload: { orderId: "x" } })).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe("mail transports", () => {
  it("writes an .eml file per message under the data directory when no SMTP_URL is set", async () => {
    const product = await insertTestProduct();
    const order = await insertTestOrder({ locale: "zh", items: [{ product, quantity: 3 }] });
    const mail = await composeOutboxMail(db(), { id: 7, kind: "email.order_confirmation", payload: { orderId: order.id, locale: "zh", to: order.email } });
    const transport = mailTransport();
    expect(transport.kind).toBe("file");
    await transport.send(mail);
    await transport.send(mail); // a repeat replaces the file: the same message, once on disk
    const files = readdirSync(path.join(dataDir, "mail")).filter((name) => name.endsWith(".eml"));
    expect(files).toEqual(["00000007-order_confirmation.eml"]);
    const eml = readFileSync(path.join(dataDir, "mail", files[0]!), "utf8");
    expect(eml).toMatch(/^Message-ID: <outbox-7\.order_confirmation@shop\.example\.test>$/im);
    expect(eml).toMatch(new RegExp(`^To: ${order.email.replace(/[.]/g, "\\.")}$`, "im"));
    expect(eml).toContain("multipart/alternative");
    expect(eml).toContain("text/html");
    expect(eml).toContain("Content-Language: zh-CN");
  });

  it("sends over SMTP when SMTP_URL is set", async () => {
    process.env.SMTP_URL = smtp.url;
    resetEnvForTests();
    try {
      const order = await insertTestOrder({ locale: "en" });
      const mail = await composeOutboxMail(db(), { id: 8, kind: "email.order_confirmation", payload: { orderId: order.id } });
      const transport = mailTransport();
      expect(transport.kind).toBe("smtp");
      await transport.send(mail);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual([order.email]);
      expect(smtp.received[0]!.data).toContain(`Your Shanshui Market order ${order.number}`);

      smtp.failNext(1);
      await expect(transport.send(mail)).rejects.toThrow(/451/);
    } finally {
      delete process.env.SMTP_URL;
      resetEnvForTests();
    }
  });
});

async function translate(locale: "zh" | "en") {
  const t = await getFixedT(locale, "orders");
  return (key: string, options?: Record<string, unknown>) => String(t(key, options as never));
}
