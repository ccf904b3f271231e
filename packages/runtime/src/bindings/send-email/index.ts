/** `send_email` bindings: `env.MAILER.send(EmailMessage | builder)`; each message becomes an .eml file. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { isEmailMessage, readEmailMessageRaw } from "../../email/email-message.js";
import { newMessageId, outboxDir, writeEml } from "../../email/outbox.js";
import { bareAddress } from "../../email/parse-email.js";
import { assertBuilder, buildMessage, listOf, type EmailBuilder } from "./build-message.js";
import { assertDestinationAllowed, assertSenderAllowed, validateRawMessage, type SendEmailRestrictions } from "./validate.js";
import type { TraceSpec } from "../traced-binding.js";
import { Fetcher } from "../../rpc/fetcher.js";

export type SendEmailDescriptor = BindingDescriptor<"send_email">;

/**
 * The binding as workerd shows it: a `Fetcher` (its `fetch`/`connect` and toStringTag) whose `send`
 * is an RPC member, reached but not listed among its keys.
 */
export function createSendEmail(descriptor: SendEmailDescriptor, { persist }: Pick<BindingContext, "persist">): SendEmail {
  const mailer = new SendEmail(descriptor, persist);
  const send = mailer.send.bind(mailer);
  return new Proxy(Object.create(Fetcher.prototype) as SendEmail, {
    get: (target, key, receiver) => (key === "send" ? send : Reflect.get(target, key, receiver)),
  });
}

export class SendEmail {
  #name: string;
  #rules: SendEmailRestrictions;
  #dir: string;

  constructor(descriptor: SendEmailDescriptor, persist: string) {
    this.#name = descriptor.name;
    this.#rules = descriptor;
    this.#dir = outboxDir(persist);
  }

  async send(message: EmailBuilder | object): Promise<{ messageId: string }> {
    if (isEmailMessage(message)) {
      assertSenderAllowed(message.from, this.#rules);
      assertDestinationAllowed(message.to, this.#rules);
      const raw = (await readEmailMessageRaw(message))!;
      const messageId = await validateRawMessage(raw, message.from);
      return this.#deliver(message.from, [message.to], messageId, raw);
    }
    const builder = message as EmailBuilder;
    assertBuilder(builder);
    const from = bareAddress(builder.from);
    assertSenderAllowed(from, this.#rules);
    const recipients = [...listOf(builder.to), ...listOf(builder.cc), ...listOf(builder.bcc)].map(bareAddress);
    for (const to of recipients) assertDestinationAllowed(to, this.#rules);
    const built = await buildMessage(builder, newMessageId(from));
    return this.#deliver(from, recipients, built.messageId, new TextEncoder().encode(built.raw));
  }

  async #deliver(from: string, to: string[], messageId: string, raw: Uint8Array): Promise<{ messageId: string }> {
    const file = await writeEml(this.#dir, "sent", messageId, raw);
    console.log(`send_email binding "${this.#name}" sent ${messageId} from ${from} to ${to.join(", ")}: ${file}`);
    return { messageId };
  }
}

/** Sent messages shown in request traces. */
export const sendEmailTrace: TraceSpec = {
  send: { result: (value) => (value as { messageId?: string } | undefined)?.messageId },
};
