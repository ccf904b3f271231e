/** `EmailMessage` of `cloudflare:email`, and how the runtime reads its raw bytes. */

const raws = new WeakMap<object, ReadableStream<Uint8Array> | string>();

/** A message for `SendEmail.send()` or `ForwardableEmailMessage.reply()`: envelope + raw RFC 822 text. */
export class EmailMessage {
  readonly from: string;
  readonly to: string;

  constructor(from: string, to: string, raw: ReadableStream<Uint8Array> | string) {
    if (typeof from !== "string" || typeof to !== "string") {
      throw new TypeError("EmailMessage: from and to must be strings.");
    }
    if (typeof raw !== "string" && !(raw instanceof ReadableStream)) {
      throw new TypeError("EmailMessage: raw must be a string or a ReadableStream.");
    }
    this.from = from;
    this.to = to;
    raws.set(this, raw);
  }
}

/** The raw bytes of an EmailMessage (runtime only). Undefined for anything else. */
export async function readEmailMessageRaw(message: unknown): Promise<Uint8Array | undefined> {
  const raw = message && typeof message === "object" ? raws.get(message) : undefined;
  if (raw === undefined) return undefined;
  if (typeof raw === "string") return new TextEncoder().encode(raw);
  return new Uint8Array(await new Response(raw).arrayBuffer());
}

export function isEmailMessage(value: unknown): value is EmailMessage {
  return !!value && typeof value === "object" && raws.has(value);
}
