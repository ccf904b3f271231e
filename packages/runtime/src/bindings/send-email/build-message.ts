/** The builder form of `send()` (`{ from, to, subject, text, html, ... }`) -> raw RFC 822 bytes. */
import { bareAddress } from "../../email/parse-email.js";
import { Buffer } from "node:buffer";

export interface EmailAddressObject {
  name: string;
  email: string;
}
export type EmailAddressInput = string | EmailAddressObject;

export interface EmailAttachment {
  filename: string;
  content: string | ArrayBuffer | ArrayBufferView;
  type: string;
  disposition?: "attachment" | "inline";
  contentId?: string;
}

export interface EmailBuilder {
  from: EmailAddressInput;
  to: EmailAddressInput | EmailAddressInput[];
  cc?: EmailAddressInput | EmailAddressInput[];
  bcc?: EmailAddressInput | EmailAddressInput[];
  replyTo?: EmailAddressInput;
  subject?: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: EmailAttachment[];
}

export function listOf(value: EmailAddressInput | EmailAddressInput[] | undefined): EmailAddressInput[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function assertBuilder(builder: EmailBuilder): void {
  if (!builder.from) throw new TypeError('send(): the message has no "from" address.');
  if (listOf(builder.to).length === 0) throw new TypeError('send(): the message has no "to" address.');
  // workerd (the oracle) sends a message without a subject or a body too.
}

/** Builds the message; returns its raw text and Message-ID (the caller's `Message-ID` header wins). */
export async function buildMessage(builder: EmailBuilder, messageId: string): Promise<{ raw: string; messageId: string }> {
  // Loaded on first use (50 ms): most generations never send an email.
  const { createMimeMessage } = await import("mimetext");
  const message = createMimeMessage();
  message.setSender(toMailbox(builder.from));
  message.setTo(listOf(builder.to).map(toMailbox));
  if (builder.cc) message.setCc(listOf(builder.cc).map(toMailbox));
  if (builder.bcc) message.setBcc(listOf(builder.bcc).map(toMailbox));
  if (builder.replyTo) message.setHeader("Reply-To", bareAddress(builder.replyTo));
  message.setSubject(builder.subject === undefined ? "" : String(builder.subject));
  const custom = Object.entries(builder.headers ?? {});
  const id = custom.find(([name]) => name.toLowerCase() === "message-id")?.[1] ?? messageId;
  message.setHeader("Message-ID", id);
  for (const [name, value] of custom) if (name.toLowerCase() !== "message-id") message.setHeader(name, value);
  if (builder.text !== undefined) message.addMessage({ contentType: "text/plain", data: builder.text });
  if (builder.html !== undefined) message.addMessage({ contentType: "text/html", data: builder.html });
  if (builder.text === undefined && builder.html === undefined) message.addMessage({ contentType: "text/plain", data: "" });
  for (const attachment of builder.attachments ?? []) {
    message.addAttachment({
      filename: attachment.filename,
      contentType: attachment.type,
      data: toBase64(attachment.content),
      inline: attachment.disposition === "inline",
      headers: attachment.contentId ? { "Content-ID": `<${attachment.contentId}>` } : {},
    });
  }
  const raw = message.asRaw();
  // mimetext insists on a Subject header: an absent subject is an empty one it encodes; dropped.
  return { raw: builder.subject === undefined ? raw.replace(/^Subject: =\?utf-8\?B\?\?=\r?\n/m, "") : raw, messageId: id };
}

function toMailbox(address: EmailAddressInput): { addr: string; name?: string } {
  return typeof address === "string" ? { addr: bareAddress(address) } : { addr: address.email, name: address.name };
}

function toBase64(content: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof content === "string") return Buffer.from(content, "utf8").toString("base64");
  if (ArrayBuffer.isView(content)) return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString("base64");
  return Buffer.from(content).toString("base64");
}
