/**
 * `http.ClientRequest` as workerd has it (src/node/internal/internal_http_client.ts): the request is
 * sent with the worker's own `fetch()` once it ends (so it leaves as every subrequest does: the
 * `CF-Worker` header, no `connection` header, never a socket of the host), redirects not followed.
 * Options that need a socket (`createConnection`, `lookup`, `socketPath`, `maxHeaderSize`) are
 * refused with workerd's errors.
 */
// oxlint-disable no-underscore-dangle -- `_header`, `_consuming`, `_dumped`, `_defaultAgent`: Node.js's (and workerd's) names, which libraries read.
import { Buffer } from "node:buffer";
import type { RequestOptions } from "node:http";
import { addAbortSignal } from "node:stream";
import { clearTimeout, setTimeout } from "node:timers";
import { ERR_METHOD_NOT_IMPLEMENTED, ERR_OPTION_NOT_IMPLEMENTED, nodeTypeError, received } from "./errors.js";
import type { Agent } from "./http-agent.js";
import { IncomingMessage } from "./http-incoming.js";
import { OutgoingMessage, kOutHeaders } from "./http-outgoing.js";

export type ResponseCallback = (response: IncomingMessage) => void;
export type ClientRequestOptions = Omit<RequestOptions, "_defaultAgent" | "agent"> & {
  _defaultAgent?: Agent;
  agent?: Agent | boolean;
  setDefaultHeaders?: boolean;
};
type Options = ClientRequestOptions;

/** The worker's `ClientRequest` class (an `OutgoingMessage`; `end()` sends it). */
export type ClientRequestConstructor = new (
  input: string | URL | ClientRequestOptions | null,
  options?: ClientRequestOptions | ResponseCallback,
  callback?: ResponseCallback,
) => OutgoingMessage;

const invalidPath = /[^\u0021-\u00ff]/;
// A path that would replace the URL's authority in `new URL(path, base)`.
const authorityOverride = /^(?:[/\\]{2}|[^/\\]*:)/;
const httpToken = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;

function invalidPathTarget(path: string): TypeError {
  return nodeTypeError(
    "ERR_INVALID_ARG_VALUE",
    `The property 'options.path' must be a path-only request target. Received '${path}'`,
  );
}

function notAString(name: string, value: unknown): TypeError {
  return nodeTypeError("ERR_INVALID_ARG_TYPE", `The "${name}" property must be of type string. ${received(value)}`);
}

/** Builds the `ClientRequest` class of one worker: `fetch` is the worker's own. */
export function createClientRequest(fetch: typeof globalThis.fetch, globalAgent: Agent): ClientRequestConstructor {
  return class ClientRequest extends OutgoingMessage {
    method = "GET";
    path = "/";
    host: string;
    protocol = "http:";
    port = "80";
    timeout: number | undefined;
    agent: Agent | undefined;
    aborted = false;
    reusedSocket = false;
    maxHeadersCount = Infinity;
    connection = null;
    socket = null;
    joinDuplicateHeaders: boolean | undefined;
    #body: Buffer[] = [];
    #abort = new AbortController();
    #timer: ReturnType<typeof setTimeout> | undefined;
    #response: IncomingMessage | undefined;

    constructor(input: string | URL | Options | null, options?: Options | ResponseCallback, callback?: ResponseCallback) {
      // Not destroyed once finished: destroying aborts the fetch that `end()` started.
      super({ autoDestroy: false });
      let merged: Options;
      if (typeof input === "string" || input instanceof URL) {
        const url = new URL(input);
        const fromUrl: Options = {
          protocol: url.protocol,
          hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
          path: `${url.pathname}${url.search}`,
          ...(url.port !== "" && { port: Number(url.port) }),
          ...((url.username || url.password) && {
            auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
          }),
        };
        if (typeof options === "function") [merged, callback] = [fromUrl, options];
        else merged = Object.assign(fromUrl, options);
      } else {
        if (typeof options === "function") callback = options;
        merged = (input ?? {}) as Options;
      }
      const path = merged.path;
      if (path) {
        if (invalidPath.test(path)) throw nodeTypeError("ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters");
        if (authorityOverride.test(path)) throw invalidPathTarget(path);
      }
      const defaultAgent = merged._defaultAgent ?? globalAgent;
      let agent = merged.agent as Agent | false | null | undefined;
      if (agent === false) agent = new (defaultAgent.constructor as new () => Agent)();
      else if (agent == null) agent = defaultAgent;
      this.agent = agent;
      const expected = agent.protocol ?? defaultAgent.protocol;
      const protocol = merged.protocol || defaultAgent.protocol;
      if (protocol !== expected)
        throw nodeTypeError("ERR_INVALID_PROTOCOL", `Protocol "${protocol}" not supported. Expected "${expected}"`);
      this.protocol = protocol;
      const defaultPort = merged.defaultPort || agent.defaultPort || 80;
      const port = merged.port || defaultPort;
      this.port = String(port);
      for (const name of ["hostname", "host"] as const)
        if (merged[name] != null && typeof merged[name] !== "string") throw notAString(`options.${name}`, merged[name]);
      this.host = merged.hostname || merged.host || "localhost";
      if (merged.timeout !== undefined) this.timeout = merged.timeout;
      if (merged.signal) addAbortSignal(merged.signal, this);
      const method = merged.method;
      if (method != null && typeof method !== "string") throw notAString("options.method", method);
      if (method) {
        if (!httpToken.test(method))
          throw nodeTypeError("ERR_INVALID_HTTP_TOKEN", `Method must be a valid HTTP token ["${method}"]`);
        this.method = method.toUpperCase();
      }
      for (const option of ["maxHeaderSize", "createConnection", "lookup", "socketPath"] as const)
        if (merged[option] !== undefined) throw new ERR_OPTION_NOT_IMPLEMENTED(`options.${option}`);
      this.joinDuplicateHeaders = merged.joinDuplicateHeaders;
      this.path = path || "/";
      if (callback) this.once("response", callback);
      this.#setHeaders(merged, Number(port), Number(defaultPort));
    }

    #setHeaders(options: Options, port: number, defaultPort: number): void {
      const headers = options.headers;
      if (Array.isArray(headers)) {
        if (headers.length % 2 !== 0)
          throw nodeTypeError("ERR_INVALID_ARG_VALUE", `The argument 'headers' is invalid. Received ${String(headers)}`);
        for (let n = 0; n < headers.length; n += 2) this.setHeader(String(headers[n]), headers[n + 1]!);
        return;
      }
      for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) this.setHeader(name, value);
      const setHost = options.setHost !== undefined ? Boolean(options.setHost) : options.setDefaultHeaders !== false;
      if (this.host && !this.hasHeader("host") && setHost) {
        const colon = this.host.indexOf(":");
        let host =
          colon !== -1 && this.host.includes(":", colon + 1) && !this.host.startsWith("[") ? `[${this.host}]` : this.host;
        if (port && port !== defaultPort) host += `:${port}`;
        this.setHeader("Host", host);
      }
      if (options.auth && !this.hasHeader("authorization"))
        this.setHeader("Authorization", `Basic ${Buffer.from(options.auth).toString("base64")}`);
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
      if (this.method !== "GET" && this.method !== "HEAD") this.#body.push(chunk);
      callback();
    }

    override _final(callback: () => void): void {
      callback();
      this.#send();
    }

    #send(): void {
      if (this.destroyed) return;
      const body =
        this.#body.length > 0 ? new Blob(this.#body as BlobPart[], { type: String(this.getHeader("content-type") ?? "") }) : null;
      const headers = this[kOutHeaders].pairs(this.joinDuplicateHeaders === true);
      this._header = headers.map(([name, value]) => `${name}=${value}`).join("\r\n");
      this.#resetTimer();
      // RFC 9112 3.2: a request without a Host header is answered 400, as workerd answers it without sending.
      if (!this.hasHeader("host") && this[kOutHeaders].size === 0) {
        const refused = new Response(null, { status: 400, statusText: "Bad Request", headers: { connection: "close" } });
        return queueMicrotask(() => this.#respond(refused));
      }
      const url = new URL(this.path, `${this.protocol}//${this.#authority()}`);
      fetch(url, { method: this.method, headers, body, signal: this.#abort.signal, redirect: "manual" }).then(
        (response) => this.#respond(response),
        (error: Error) => {
          if (!this.destroyed) this.emit("error", error);
          this.destroyed = true;
        },
      );
    }

    #authority(): string {
      const host = this.host.includes(":") && !this.host.startsWith("[") ? `[${this.host}]` : this.host;
      return `${host}:${this.port}`;
    }

    #respond(response: Response): void {
      const incoming = new IncomingMessage(response);
      incoming.on("error", (error) => this.emit("error", error));
      this.#response = incoming;
      this.emit("response", incoming);
      // The request closes once its response has ended (after the listeners the response callback added).
      incoming.once("end", () => this.emit("close"));
    }

    #resetTimer(): void {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (!this.timeout) return;
      this.#timer = setTimeout(() => {
        this.emit("timeout");
        this.#response?.emit("timeout");
        this.#abort.abort();
      }, this.timeout);
    }

    setTimeout(msecs: number, callback?: () => void): this {
      this.timeout = msecs;
      if (this._header !== null) this.#resetTimer();
      if (callback) this.once("timeout", callback);
      return this;
    }

    clearTimeout(callback?: () => void): void {
      this.setTimeout(0, callback);
    }

    setNoDelay(): void {}

    setSocketKeepAlive(): void {}

    onSocket(): void {}

    addTrailers(): never {
      throw new ERR_METHOD_NOT_IMPLEMENTED("addTrailers");
    }

    abort(error?: Error | null): void {
      this.destroyed = true;
      clearTimeout(this.#timer);
      if (this.#response) this.#response.destroyed = true;
      this.#abort.abort();
      if (error) this.emit("error", error);
    }

    /** Destroyed before its response: the fetch is abandoned and the request fails as a reset connection. */
    override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
      clearTimeout(this.#timer);
      if (this.#response) return callback(error);
      this.#abort.abort();
      callback(error ?? Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    }
  };
}
