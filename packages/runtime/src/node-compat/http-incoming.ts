/**
 * The `IncomingMessage` a `node:http` client request answers with, as workerd builds it from the
 * `Response` of its `fetch()` (src/node/internal/internal_http_incoming.ts): `headers` holds each
 * header name once, lower-cased, with `Headers.get`'s value (`set-cookie` joined too), `rawHeaders`
 * stays empty, there is no socket, and the body is read from the response's stream.
 */
// oxlint-disable no-underscore-dangle -- `_header`, `_consuming`, `_dumped`, `_defaultAgent`: Node.js's (and workerd's) names, which libraries read.
import http from "node:http";
import { Readable } from "node:stream";

type Callback = (error?: Error | null) => void;

export class IncomingMessage extends Readable {
  /** A request a Node.js `http.Server` of the worker received is one too (workerd has one class for both). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === IncomingMessage && value instanceof http.IncomingMessage;
  }

  aborted = false;
  url = "";
  method: string | null = null;
  statusCode: number | null = null;
  statusMessage: string | null = null;
  httpVersionMajor = 1;
  httpVersionMinor = 1;
  httpVersion = "1.1";
  complete = false;
  rawHeaders: string[] = [];
  joinDuplicateHeaders = false;
  cloudflare: { cf?: Record<string, unknown>; env?: unknown; ctx?: unknown } = { cf: undefined, env: undefined, ctx: undefined };
  _dumped = false;
  _consuming = false;
  _paused = false;
  #headers: Record<string, string> = {};
  #headersDistinct: Record<string, string[]> = {};
  #stream: ReadableStream<Uint8Array> | null = null;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #reading = false;

  constructor(response?: Response) {
    super({});
    if (!response) return;
    for (const name of response.headers.keys()) {
      const value = response.headers.get(name)!;
      this.#headers[name] = value;
      this.#headersDistinct[name] = [value];
    }
    this.url = response.url;
    this.statusCode = response.status;
    this.statusMessage = response.statusText;
    this.#stream = response.body;
    this.on("timeout", () => (this._consuming = false));
  }

  get headers(): Record<string, string | string[] | undefined> {
    return this.#headers;
  }

  set headers(value: Record<string, string>) {
    this.#headers = value;
  }

  get headersDistinct(): Record<string, string[]> {
    return this.#headersDistinct;
  }

  set headersDistinct(value: Record<string, string[]>) {
    this.#headersDistinct = value;
  }

  get trailers(): Record<string, string> {
    return {};
  }

  get trailersDistinct(): Record<string, string[]> {
    return {};
  }

  get socket(): undefined {
    return undefined;
  }

  get connection(): undefined {
    return undefined;
  }

  override _read(): void {
    this._consuming = true;
    if (this.#stream === null) {
      this.complete = true;
      this.push(null);
      return;
    }
    void this.#tryRead();
  }

  async #tryRead(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      this.#reader ??= this.#stream!.getReader();
      while (!this.destroyed) {
        const { done, value } = await this.#reader.read();
        if (done) {
          this.complete = true;
          this.push(null);
          break;
        }
        if (!this.push(value)) break;
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.#reading = false;
    }
  }

  override _destroy(error: Error | null, callback: Callback): void {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true;
      this.emit("aborted");
      void this.#reader?.cancel().catch(() => {});
    }
    queueMicrotask(() => callback(this.listenerCount("error") === 0 ? undefined : error));
  }

  _dump(): void {
    if (this._dumped) return;
    this._dumped = true;
    this.removeAllListeners("data");
    this.resume();
  }

  setTimeout(_msecs: number, callback?: () => void): this {
    if (callback) this.on("timeout", callback);
    return this;
  }
}
