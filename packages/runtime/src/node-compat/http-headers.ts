/**
 * The headers of an outgoing `node:http` message, as Node.js's `OutgoingMessage` keeps them (which
 * workerd's layer copies): by lower-cased name, with the name as first written and the value as
 * given (a number, a string or a list), validated with Node.js's own checks and wording.
 */
import { validateHeaderName, validateHeaderValue } from "node:http";

type Value = number | string | string[];

function headersSent(action: string): Error {
  return Object.assign(new Error(`Cannot ${action} headers after they are sent to the client`), {
    code: "ERR_HTTP_HEADERS_SENT",
  });
}

export class OutgoingHeaders {
  #entries = new Map<string, [name: string, value: Value]>();
  #sent: () => boolean;

  constructor(sent: () => boolean) {
    this.#sent = sent;
  }

  /** Throws Node.js's ERR_HTTP_HEADERS_SENT once the message is sent: `action` is "set", "append" or "remove". */
  checkNotSent(action: string): void {
    if (this.#sent()) throw headersSent(action);
  }

  set(name: string, value: number | string | readonly string[]): void {
    this.checkNotSent("set");
    validateHeaderName(name);
    validateHeaderValue(name, value as string);
    this.#entries.set(name.toLowerCase(), [name, Array.isArray(value) ? [...(value as string[])] : (value as Value)]);
  }

  append(name: string, value: number | string | readonly string[]): void {
    this.checkNotSent("append");
    validateHeaderName(name);
    validateHeaderValue(name, value as string);
    const key = name.toLowerCase();
    const existing = this.#entries.get(key);
    const added = Array.isArray(value) ? (value as string[]) : [String(value)];
    if (!existing) this.#entries.set(key, [name, Array.isArray(value) ? [...added] : (value as Value)]);
    else existing[1] = [...(Array.isArray(existing[1]) ? existing[1] : [String(existing[1])]), ...added];
  }

  get(name: string): Value | undefined {
    if (typeof name !== "string")
      throw Object.assign(new TypeError(`The "name" argument must be of type string. Received ${typeof name}`), {
        code: "ERR_INVALID_ARG_TYPE",
      });
    return this.#entries.get(name.toLowerCase())?.[1];
  }

  remove(name: string): void {
    this.checkNotSent("remove");
    this.#entries.delete(name.toLowerCase());
  }

  all(): Record<string, Value> {
    const out = Object.create(null) as Record<string, Value>;
    for (const [key, [, value]] of this.#entries) out[key] = value;
    return out;
  }

  rawNames(): string[] {
    return [...this.#entries.values()].map(([name]) => name);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The name/value pairs the request is sent with: a list value as one pair per item, or joined. */
  pairs(join: boolean): [string, string][] {
    const pairs: [string, string][] = [];
    for (const [name, value] of this.#entries.values()) {
      if (!Array.isArray(value)) pairs.push([name, String(value)]);
      else if (join) pairs.push([name, value.join(", ")]);
      else for (const item of value) pairs.push([name, item]);
    }
    return pairs;
  }
}
