/** The checks every message Kindling sends on the worker's behalf passes (send_email, reply()), in Cloudflare's words. */
import { parseEmail, toEmailHeaders, type ParsedEmail } from "./parse-email.js";

/** Parses `raw` and checks it against its envelope sender `from`; throws Cloudflare's error text. */
export async function checkOutgoingMessage(raw: Uint8Array, from: string): Promise<ParsedEmail & { messageId: string }> {
  let parsed: ParsedEmail;
  try {
    parsed = await parseEmail(raw);
  } catch (error) {
    throw new Error(`could not parse email: ${(error as Error).message}`, { cause: error });
  }
  // workerd checks the Message-ID first (a body that is no message at all fails on it).
  if (parsed.messageId === undefined) throw new Error("invalid message-id");
  if (parsed.from?.address !== from) throw new Error("From: header does not match mail from");
  if (toEmailHeaders(parsed).get("received") !== null) throw new Error("invalid headers set");
  return parsed as ParsedEmail & { messageId: string };
}
