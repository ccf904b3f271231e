/** `EmailMessage` of `cloudflare:email`, and how the runtime reads its raw bytes. */

/** The key under which workerd's EmailMessage keeps its raw text (a plain object's own property). */
const RAW = "EmailMessage::raw";

export interface EmailMessage {
  readonly from: string;
  readonly to: string;
  readonly [RAW]: ReadableStream<Uint8Array> | string;
}

/**
 * A message for `SendEmail.send()` or `ForwardableEmailMessage.reply()`: envelope + raw RFC 822 text.
 * As in workerd, `new EmailMessage(...)` gives a plain object (`{ from, to, "EmailMessage::raw" }`),
 * checked only when it is sent.
 */
export const EmailMessage = function EmailMessage(from: string, to: string, raw: ReadableStream<Uint8Array> | string) {
  return { from, to, [RAW]: raw };
} as unknown as new (from: string, to: string, raw: ReadableStream<Uint8Array> | string) => EmailMessage;

/** The raw bytes of an EmailMessage (runtime only). Undefined for anything else. */
export async function readEmailMessageRaw(message: unknown): Promise<Uint8Array | undefined> {
  if (!isEmailMessage(message)) return undefined;
  const raw = message[RAW];
  if (typeof raw === "string") return new TextEncoder().encode(raw);
  if (raw instanceof ReadableStream) return new Uint8Array(await new Response(raw).arrayBuffer());
  throw new TypeError(
    `EmailMessage: raw must be a string or a ReadableStream, not ${raw === undefined ? "undefined" : typeof raw}.`,
  );
}

export function isEmailMessage(value: unknown): value is EmailMessage {
  return !!value && typeof value === "object" && Object.hasOwn(value, RAW);
}
