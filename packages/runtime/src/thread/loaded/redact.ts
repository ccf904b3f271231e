/**
 * What a trace item hides of a request, as workerd's tail events do (checked against
 * @cloudflare/vite-plugin's workerd): values of credential headers (cookies, and names with
 * "auth", "jwt", "key", "secret" or "token"), and in the URL every id-like run of characters (32+
 * hex digits, or 21+ characters mixing upper case, lower case and digits), each as "REDACTED".
 */
import type { HeaderPairs } from "../../protocol/messages.js";

const REDACTED = "REDACTED";
const credentialWords = ["auth", "jwt", "key", "secret", "token"];

export function redactHeaders(headers: HeaderPairs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    const secret = name === "cookie" || name === "set-cookie" || credentialWords.some((word) => name.includes(word));
    out[name] = secret ? REDACTED : out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}

export function redactUrl(url: string): string {
  return url.replace(/[A-Za-z0-9_-]+/g, (run) => (isId(run) ? REDACTED : run));
}

function isId(run: string): boolean {
  const hex = run.replaceAll("-", "");
  if (hex.length >= 32 && /^[0-9a-fA-F]+$/.test(hex)) return true;
  return run.length >= 21 && /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}
