/** send_email bindings and `cloudflare:email`'s EmailMessage. */
import { EmailMessage } from "cloudflare:email";
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: Email";

const raw = (from, to, subject = "probe") =>
  [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    "Message-ID: <probe@conformance.example>",
    "Date: Thu, 01 Jan 2026 00:00:00 +0000",
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "",
    "hello",
  ].join("\r\n");

/** A send() result without its random message id. */
const sent = (result) =>
  result === undefined ? "<undefined>" : { keys: Object.keys(result).toSorted(), messageId: typeof result.messageId };

export function probes({ env }) {
  return {
    "binding class": () => className(env.EMAIL),
    "binding keys": () => allKeys(env.EMAIL),
    "EmailMessage keys": () => allKeys(new EmailMessage("a@example.com", "b@example.com", raw("a@example.com", "b@example.com"))),
    "EmailMessage fields": () => {
      const message = new EmailMessage("a@example.com", "b@example.com", "x");
      return { from: message.from, to: message.to, class: className(message) };
    },
    "send an EmailMessage": async () =>
      sent(await env.EMAIL.send(new EmailMessage("a@example.com", "b@example.com", raw("a@example.com", "b@example.com")))),
    "send to a disallowed destination": () =>
      env.EMAIL_RESTRICTED.send(
        new EmailMessage("a@example.com", "other@example.com", raw("a@example.com", "other@example.com")),
      ),
    "send to the allowed destination": async () =>
      sent(
        await env.EMAIL_RESTRICTED.send(
          new EmailMessage("a@example.com", "allowed@example.com", raw("a@example.com", "allowed@example.com")),
        ),
      ),
    "send with From not matching the envelope": () =>
      env.EMAIL.send(new EmailMessage("a@example.com", "b@example.com", raw("c@example.com", "b@example.com"))),
    "send without Message-ID": () =>
      env.EMAIL.send(
        new EmailMessage("a@example.com", "b@example.com", "From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\n\r\nbody"),
      ),
    "send a non-MIME body": () => env.EMAIL.send(new EmailMessage("a@example.com", "b@example.com", "not an email")),
    "send with an invalid sender": () =>
      env.EMAIL.send(new EmailMessage("not-an-address", "b@example.com", raw("not-an-address", "b@example.com"))),
    "send a plain object": async () =>
      sent(await env.EMAIL.send({ from: "a@example.com", to: "b@example.com", raw: raw("a@example.com", "b@example.com") })),
    "send a builder object": async () =>
      sent(await env.EMAIL.send({ from: "a@example.com", to: "b@example.com", subject: "built", text: "hello" })),
    "send a builder without a body": async () =>
      sent(await env.EMAIL.send({ from: "a@example.com", to: "b@example.com", subject: "no body" })),
    "new EmailMessage without raw": () => new EmailMessage("a@example.com", "b@example.com"),
  };
}
