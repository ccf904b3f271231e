/** send_email's checks, with Cloudflare's error wording. */
import { bareAddress, parseEmail, toEmailHeaders } from "../../email/parse-email.js";

export interface SendEmailRestrictions {
  destinationAddress?: string;
  allowedDestinationAddresses?: string[];
  allowedSenderAddresses?: string[];
}

export function assertDestinationAllowed(to: string, rules: SendEmailRestrictions): void {
  const address = bareAddress(to);
  if (rules.destinationAddress !== undefined && address !== rules.destinationAddress) {
    throw new Error(`email to ${address} not allowed`);
  }
  if (rules.allowedDestinationAddresses !== undefined && !rules.allowedDestinationAddresses.includes(address)) {
    throw new Error(`email to ${address} not allowed`);
  }
}

export function assertSenderAllowed(from: string, rules: SendEmailRestrictions): void {
  const address = bareAddress(from);
  if (rules.allowedSenderAddresses !== undefined && !rules.allowedSenderAddresses.includes(address)) {
    throw new Error(`email from ${address} not allowed`);
  }
}

/** Checks a raw message against its envelope sender; returns its Message-ID. */
export async function validateRawMessage(raw: Uint8Array, from: string): Promise<string> {
  let parsed;
  try {
    parsed = await parseEmail(raw);
  } catch (error) {
    throw new Error(`could not parse email: ${(error as Error).message}`, { cause: error });
  }
  if (parsed.messageId === undefined) throw new Error("invalid message-id");
  if (parsed.from?.address !== from) throw new Error("From: header does not match mail from");
  if (toEmailHeaders(parsed).get("received") !== null) throw new Error("invalid headers set");
  return parsed.messageId;
}
