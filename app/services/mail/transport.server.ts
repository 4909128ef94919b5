import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "~/utils/env.server";

/** One e-mail, ready to go. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A stable Message-ID (derived from the outbox row): if a crash makes the worker send a
   * message twice, receiving servers and clients can tell it is the same message.
   */
  messageId: string;
  /** Used in the file name of a message written to disk. */
  reference: string;
  language?: "zh" | "en";
  /** Files sent along (a booking's .ics). */
  attachments?: { filename: string; content: string; contentType: string }[];
}

export interface MailTransport {
  kind: "smtp" | "file";
  send(message: MailMessage): Promise<void>;
}

function envelope(message: MailMessage) {
  return {
    from: getEnv().MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.language ? { "Content-Language": message.language === "zh" ? "zh-CN" : "en" } : undefined,
    ...(message.attachments?.length ? { attachments: message.attachments } : {}),
  };
}

/** SMTP_URL set: a real mail server (smtp:// or smtps://, credentials in the URL). */
function smtpTransport(url: string): MailTransport {
  // Timeouts well below the outbox lease, so a stuck server fails the attempt (and it is
  // retried) instead of outliving the lease and letting another worker send it too.
  const transporter: Transporter = nodemailer.createTransport(url, {
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    kind: "smtp",
    async send(message) {
      await transporter.sendMail(envelope(message));
    },
  };
}

/**
 * No SMTP_URL: each message is built by nodemailer exactly as it would be sent and written
 * to `.data/mail/` as an .eml file (open it in any mail client). The name comes from the
 * outbox row, so sending the same row again replaces the file instead of adding a copy.
 */
function fileTransport(directory: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "file",
    async send(message) {
      const info = await builder.sendMail(envelope(message));
      await mkdir(directory, { recursive: true });
      const name = `${message.reference.replace(/[^A-Za-z0-9._-]/g, "_")}.eml`;
      const target = path.join(directory, name);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, info.message as Buffer);
      await rename(temporary, target);
    },
  };
}

let cached: { key: string; transport: MailTransport } | undefined;

export function mailTransport(): MailTransport {
  const env = getEnv();
  const key = env.SMTP_URL ?? `file:${env.mailDir}`;
  if (cached?.key !== key) cached = { key, transport: env.SMTP_URL ? smtpTransport(env.SMTP_URL) : fileTransport(env.mailDir) };
  return cached.transport;
}
