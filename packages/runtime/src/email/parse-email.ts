/** The one place that knows the email parser (postal-mime). */
import type { Email } from "postal-mime";

export type ParsedEmail = Email;

export function parseEmail(raw: Uint8Array | string): Promise<ParsedEmail> {
  // Loaded on first use: most generations never see an email.
  return import("postal-mime").then(({ default: PostalMime }) => PostalMime.parse(raw));
}

/** The parsed headers as a `Headers` (first value of each name first, repeated names appended). */
export function toEmailHeaders(email: ParsedEmail): Headers {
  const headers = new Headers();
  for (const { key, value } of email.headers) {
    try {
      headers.append(key, value);
    } catch {
      // A header value Headers cannot hold (e.g. a raw newline): leave it out.
    }
  }
  return headers;
}

/** The bare address of `"Name" <a@b>` or `a@b`. */
export function bareAddress(address: string | { email: string }): string {
  if (typeof address !== "string") return address.email;
  return (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim();
}
