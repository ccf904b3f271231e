/** send_email's checks, with Cloudflare's error wording. */
import { bareAddress } from "../../email/parse-email.js";
import { checkOutgoingMessage } from "../../email/check-outgoing.js";

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
  return (await checkOutgoingMessage(raw, from)).messageId;
}
