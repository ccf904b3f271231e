/** The `message` of an `email(message, env, ctx)` event: the incoming mail plus reject/forward/reply. */
import { readEmailMessageRaw } from "./email-message.js";
import { newMessageId, writeEml } from "./outbox.js";
import type { ParsedEmail } from "./parse-email.js";
import { isReplyable, validateReply } from "./validate-reply.js";

export interface EmailActions {
  rejectReason?: string;
  forwards: { rcptTo: string; headers: [string, string][] }[];
  replies: { from: string; to: string; messageId: string; file: string }[];
}

export class ForwardableEmailMessage {
  readonly from: string;
  readonly to: string;
  readonly headers: Headers;
  readonly rawSize: number;
  #bytes: Uint8Array;
  #parsed: ParsedEmail;
  #actions: EmailActions;
  #outbox: string;

  constructor(
    from: string,
    to: string,
    bytes: Uint8Array,
    parsed: ParsedEmail,
    headers: Headers,
    actions: EmailActions,
    outbox: string,
  ) {
    this.from = from;
    this.to = to;
    this.headers = headers;
    this.rawSize = bytes.byteLength;
    this.#bytes = bytes;
    this.#parsed = parsed;
    this.#actions = actions;
    this.#outbox = outbox;
  }

  /** A fresh stream of the raw message each time it is read. */
  get raw(): ReadableStream<Uint8Array> {
    const bytes = this.#bytes;
    return new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice());
        controller.close();
      },
    });
  }

  setReject(reason: string): void {
    this.#actions.rejectReason = String(reason);
    console.log(`Email handler rejected message with the following reason: "${reason}"`);
  }

  async forward(rcptTo: string, headers?: Headers): Promise<{ messageId: string }> {
    const pairs = headers ? [...new Headers(headers)] : [];
    this.#actions.forwards.push({ rcptTo, headers: pairs });
    console.log(`Email handler forwarded message to ${rcptTo}`);
    return { messageId: newMessageId(this.to) };
  }

  async reply(message: object): Promise<{ messageId: string }> {
    const raw = await readEmailMessageRaw(message);
    if (raw === undefined) throw new TypeError('reply() takes an EmailMessage from "cloudflare:email".');
    if (!isReplyable(this.#parsed, this.headers)) throw new Error("Original email is not replyable");
    const { from, to } = message as { from: string; to: string };
    const reply = await validateReply(this.#parsed, from, raw);
    const file = await writeEml(this.#outbox, "reply", reply.messageId, reply.raw);
    this.#actions.replies.push({ from, to, messageId: reply.messageId, file });
    console.log(`Email handler replied to sender with the following message: ${file}`);
    return { messageId: reply.messageId };
  }
}
