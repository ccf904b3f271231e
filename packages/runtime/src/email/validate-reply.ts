/**
 * Email Routing's rules for `message.reply()`, with Cloudflare's error wording
 * (https://developers.cloudflare.com/email-routing/email-workers/reply-email-workers/).
 */
import type { ParsedEmail } from "./parse-email.js";
import { checkOutgoingMessage } from "./check-outgoing.js";

/** Whether the incoming message may be answered at all (auto-generated mail and broken threads may not). */
export function isReplyable(incoming: ParsedEmail, headers: Headers): boolean {
  const suppress = headers.get("x-auto-response-suppress")?.toLowerCase();
  if (suppress !== undefined && suppress !== "none") return false;
  const autoSubmitted = headers.get("auto-submitted")?.toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== "no") return false;
  if (incoming.inReplyTo === undefined && incoming.references === undefined) return true;
  if (incoming.inReplyTo === undefined || incoming.references === undefined) return false;
  return (incoming.references.match(/@/g)?.length ?? 0) < 100;
}

/** Validates the reply and returns the bytes to deliver (with a References header added if missing). */
export async function validateReply(
  incoming: ParsedEmail,
  from: string,
  raw: Uint8Array,
): Promise<{ raw: Uint8Array; messageId: string }> {
  const reply = await checkOutgoingMessage(raw, from);
  if (reply.inReplyTo === undefined) throw new Error("no In-Reply-To header found in reply message");
  if (reply.inReplyTo !== incoming.messageId) throw new Error("In-Reply-To does not match original Message-ID");
  const previous = incoming.references ?? "";
  if (reply.references !== undefined) {
    if (!reply.references.includes(incoming.messageId!) || !reply.references.includes(previous)) {
      throw new Error("provided References header is invalid");
    }
    return { raw, messageId: reply.messageId };
  }
  const references = new TextEncoder().encode(`References: ${`${previous} ${incoming.messageId}`.trim()}\r\n`);
  const out = new Uint8Array(references.byteLength + raw.byteLength);
  out.set(references, 0);
  out.set(raw, references.byteLength);
  return { raw: out, messageId: reply.messageId };
}
