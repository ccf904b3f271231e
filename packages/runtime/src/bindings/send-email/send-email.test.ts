import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { EmailMessage } from "../../email/email-message.js";
import { createSendEmail, SendEmail } from "./index.js";

let state: string;
beforeEach(() => void (state = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-send-email-"))));
afterEach(() => fs.rmSync(state, { recursive: true, force: true }));

const raw = (from: string, extra = "Message-ID: <m1@example.com>") =>
  [`From: <${from}>`, "To: <to@example.com>", "Subject: Hi", extra, "", "Hello."].join("\r\n");
const mailer = (rules: Record<string, unknown> = {}) => new SendEmail({ type: "send_email", name: "MAILER", ...rules }, state);

test("send(EmailMessage) writes the raw message as an .eml file and returns its Message-ID", async () => {
  const result = await mailer().send(new EmailMessage("me@example.com", "to@example.com", raw("me@example.com")));
  expect(result).toEqual({ messageId: "<m1@example.com>" });
  const files = fs.readdirSync(path.join(state, "email"));
  expect(files).toHaveLength(1);
  expect(fs.readFileSync(path.join(state, "email", files[0]!), "utf8")).toBe(raw("me@example.com"));
});

test("send() rejects messages Cloudflare would reject, with its wording", async () => {
  const send = (rules: Record<string, unknown>, message: EmailMessage) =>
    mailer(rules)
      .send(message)
      .catch((e: Error) => e.message);
  const ok = raw("me@example.com");
  expect(await send({ destinationAddress: "admin@example.com" }, new EmailMessage("me@example.com", "x@example.com", ok))).toBe(
    "email to x@example.com not allowed",
  );
  expect(
    await send({ allowedDestinationAddresses: ["a@example.com"] }, new EmailMessage("me@example.com", "x@example.com", ok)),
  ).toBe("email to x@example.com not allowed");
  expect(await send({ allowedSenderAddresses: ["a@example.com"] }, new EmailMessage("me@example.com", "a@example.com", ok))).toBe(
    "email from me@example.com not allowed",
  );
  expect(await send({}, new EmailMessage("other@example.com", "a@example.com", ok))).toBe(
    "From: header does not match mail from",
  );
  expect(await send({}, new EmailMessage("me@example.com", "a@example.com", raw("me@example.com", "X-No-Id: 1")))).toBe(
    "invalid message-id",
  );
  expect(
    await send(
      {},
      new EmailMessage("me@example.com", "a@example.com", raw("me@example.com", "Message-ID: <r@x>\r\nReceived: by x")),
    ),
  ).toBe("invalid headers set");
});

test("the builder form builds a multipart message with the caller's Message-ID", async () => {
  const result = await mailer({ allowedDestinationAddresses: ["to@example.com"] }).send({
    from: { name: "Me", email: "me@example.com" },
    to: "to@example.com",
    subject: "Built",
    text: "plain",
    html: "<b>rich</b>",
    headers: { "Message-ID": "<custom@example.com>" },
    attachments: [{ filename: "a.txt", content: "attached", type: "text/plain", disposition: "attachment" }],
  });
  expect(result).toEqual({ messageId: "<custom@example.com>" });
  const [file] = fs.readdirSync(path.join(state, "email"));
  const eml = fs.readFileSync(path.join(state, "email", file!), "utf8");
  expect(eml).toContain("Message-ID: <custom@example.com>");
  expect(eml).toContain("<b>rich</b>");
  expect(eml).toContain(Buffer.from("attached").toString("base64"));
});

test("the binding is shaped like workerd's: a Fetcher whose send() is reached but not listed", async () => {
  const binding = createSendEmail({ type: "send_email", name: "MAILER" }, { persist: state });
  const keys = new Set<PropertyKey>();
  for (let o: object | null = binding; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) keys.add(key);
  }
  expect([Object.getPrototypeOf(binding).constructor.name, String(binding), [...keys].map(String).toSorted()]).toEqual([
    "Fetcher",
    "[object Fetcher]",
    ["Symbol(Symbol.toStringTag)", "connect", "constructor", "fetch"],
  ]);
  const sent = await binding.send(new EmailMessage("me@example.com", "to@example.com", raw("me@example.com")));
  expect(sent).toEqual({ messageId: "<m1@example.com>" });
});

test("EmailMessage is a plain object holding its raw text under workerd's key", () => {
  const message = new EmailMessage("me@example.com", "to@example.com", "raw text");
  expect([Object.getPrototypeOf(message), { ...message }]).toEqual([
    Object.prototype,
    { from: "me@example.com", to: "to@example.com", "EmailMessage::raw": "raw text" },
  ]);
});

test("the builder form sends a message without a subject or a body, as workerd does", async () => {
  const result = await mailer().send({ from: "me@example.com", to: "to@example.com" });
  expect(result.messageId).toMatch(/^<.+@example\.com>$/);
  const [file] = fs.readdirSync(path.join(state, "email"));
  const eml = fs.readFileSync(path.join(state, "email", file!), "utf8");
  expect(eml).toContain("To: <to@example.com>");
  expect(eml).not.toContain("Subject:");
});
