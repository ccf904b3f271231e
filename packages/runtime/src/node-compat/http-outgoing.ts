/**
 * `http.OutgoingMessage` as workerd has it (src/node/internal/internal_http_outgoing.ts): a Writable
 * of its own that keeps the outgoing headers, never bound to a socket. `ClientRequest` extends it.
 * The server side stays Node.js's, so a Node.js `ServerResponse` counts as one too (`instanceof`),
 * as workerd's own `ServerResponse` does.
 */
// oxlint-disable no-underscore-dangle -- `_header`: Node.js's (and workerd's) name, which libraries read.
import { OutgoingMessage as NodeOutgoingMessage } from "node:http";
import { Writable } from "node:stream";
import { nodeTypeError, received } from "./errors.js";
import { OutgoingHeaders } from "./http-headers.js";

/** Where a message keeps its headers (Node.js and workerd key them by a symbol too): for subclasses. */
export const kOutHeaders = Symbol("kOutHeaders");

type HeaderValue = number | string | readonly string[];

export class OutgoingMessage extends Writable {
  /** The head once the message is sent, `null` before. */
  _header: string | null = null;
  readonly [kOutHeaders] = new OutgoingHeaders(() => this._header !== null);

  /** Also true for Node.js's own outgoing messages: the server side's `ServerResponse`. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === OutgoingMessage && value instanceof NodeOutgoingMessage;
  }

  get headersSent(): boolean {
    return this._header !== null;
  }

  setHeader(name: string, value: HeaderValue): this {
    this[kOutHeaders].set(name, value);
    return this;
  }

  /**
   * Sets every header of a `Headers` or a `Map` (anything with `keys`, `get` and an iterator, as
   * Node.js checks); `set-cookie` values are gathered into one list instead of replacing each other.
   */
  setHeaders(headers: Headers | Map<string, HeaderValue>): this {
    this[kOutHeaders].checkNotSent("set");
    const like = headers as Partial<Headers> | null;
    if (!like || Array.isArray(like) || typeof like.keys !== "function" || typeof like.get !== "function")
      throw nodeTypeError(
        "ERR_INVALID_ARG_TYPE",
        `The "headers" argument must be an instance of Headers or Map. ${received(headers)}`,
      );
    const cookies: string[] = [];
    for (const [name, value] of headers) {
      if (name === "set-cookie") cookies.push(...(Array.isArray(value) ? (value as string[]) : [value as string]));
      else this.setHeader(name, value);
    }
    if (cookies.length > 0) this.setHeader("set-cookie", cookies);
    return this;
  }

  appendHeader(name: string, value: HeaderValue): this {
    this[kOutHeaders].append(name, value);
    return this;
  }

  getHeader(name: string): number | string | string[] | undefined {
    return this[kOutHeaders].get(name);
  }

  getHeaders(): Record<string, number | string | string[]> {
    return this[kOutHeaders].all();
  }

  getHeaderNames(): string[] {
    return Object.keys(this[kOutHeaders].all());
  }

  getRawHeaderNames(): string[] {
    return this[kOutHeaders].rawNames();
  }

  hasHeader(name: string): boolean {
    return this[kOutHeaders].get(name) !== undefined;
  }

  removeHeader(name: string): void {
    this[kOutHeaders].remove(name);
  }

  flushHeaders(): void {}

  /** An outgoing message is not readable: Node.js and workerd emit this error instead of piping. */
  override pipe<T extends NodeJS.WritableStream>(destination: T): T {
    this.emit("error", Object.assign(new Error("Cannot pipe, not readable"), { code: "ERR_STREAM_CANNOT_PIPE" }));
    return destination;
  }
}
