/**
 * `node:net` as workerd serves it (src/node/internal/internal_net.ts): `Socket` is a Duplex over a
 * `cloudflare:sockets` connection, so it reaches only what the worker's `connect()` reaches and
 * fails with its errors ("proxy request failed, ..."), never a host socket of its own. Servers
 * stay Node's: `listen()` is routed inside the worker by `cloudflare:node`.
 */
import { Buffer } from "node:buffer";
import nodeNet from "node:net";
import { Duplex } from "node:stream";
import { clearTimeout, setTimeout } from "node:timers";
import { namespace } from "./fs-module.js";

/** The `cloudflare:sockets` socket this module builds on. */
export interface WorkersSocket {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  opened: Promise<{ remoteAddress?: string; localAddress?: string }>;
  closed: Promise<void>;
  close(): Promise<void>;
}

export type WorkersConnect = (
  address: { hostname: string; port: number },
  options: { secureTransport: "off"; allowHalfOpen: boolean },
) => WorkersSocket;

type Callback = (error?: Error | null) => void;
type ConnectOptions = { port?: unknown; host?: unknown; path?: unknown; timeout?: number };

/** workerd refuses Unix domain sockets. */
function pathNotSupported(path: unknown): TypeError {
  const message = `The argument 'path' is not supported. Received ${typeof path === "string" ? `'${path}'` : String(path)}`;
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_VALUE" });
}

function validPort(port: unknown): number {
  const number = typeof port === "string" && port.trim() !== "" ? Number(port) : port;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 0 || number > 65535) {
    const message = `Port should be >= 0 and < 65536. Received ${typeof port === "string" ? `type string ('${port}')` : `type ${typeof port} (${String(port)})`}.`;
    throw Object.assign(new RangeError(message), { code: "ERR_SOCKET_BAD_PORT" });
  }
  return number;
}

export function createNetModule(connectSocket: WorkersConnect): Record<string, unknown> {
  class Socket extends Duplex {
    connecting = false;
    remoteAddress: string | undefined;
    remotePort: number | undefined;
    remoteFamily: string | undefined;
    bytesWritten = 0;
    #socket: WorkersSocket | undefined;
    #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
    #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    #opened: Promise<void> | undefined;
    #reading = false;
    #bytesRead = 0;
    #idle: ReturnType<typeof setTimeout> | undefined;

    constructor(options: { allowHalfOpen?: boolean } = {}) {
      super({ allowHalfOpen: options.allowHalfOpen === true, emitClose: true, autoDestroy: true });
    }

    get bytesRead(): number {
      return this.#bytesRead;
    }

    get readyState(): string {
      if (this.connecting) return "opening";
      if (this.readable && this.writable) return "open";
      if (this.readable) return "readOnly";
      return this.writable ? "writeOnly" : "closed";
    }

    get pending(): boolean {
      return !this.#socket || this.connecting;
    }

    connect(...args: unknown[]): this {
      const [options, callback] = normalizeArgs(args);
      if (options.path != null) throw pathNotSupported(options.path);
      const port = validPort(options.port);
      const host = typeof options.host === "string" && options.host !== "" ? options.host : "localhost";
      if (options.timeout) this.setTimeout(options.timeout);
      if (callback) this.once("connect", callback);
      this.connecting = true;
      const socket = (this.#socket = connectSocket({ hostname: host, port }, { secureTransport: "off", allowHalfOpen: true }));
      this.#writer = socket.writable.getWriter();
      this.#reader = socket.readable.getReader();
      this.#opened = socket.opened.then(
        () => {
          this.connecting = false;
          this.remoteAddress = host;
          this.remotePort = port;
          this.remoteFamily = nodeNet.isIPv6(host) ? "IPv6" : "IPv4";
          this.emit("connect");
          this.emit("ready");
          if (this.#reading) void this.#pump();
        },
        (error: Error) => {
          this.connecting = false;
          this.destroy(error);
          throw error;
        },
      );
      this.#opened.catch(() => {});
      return this;
    }

    override _read(): void {
      if (this.#reading) return;
      this.#reading = true;
      if (!this.connecting && this.#socket) void this.#pump();
    }

    async #pump(): Promise<void> {
      try {
        for (;;) {
          const { done, value } = await this.#reader!.read();
          if (done) return void this.push(null);
          this.#bytesRead += value.byteLength;
          this.#idle?.refresh();
          if (!this.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))) {
            this.#reading = false;
            return;
          }
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Callback): void {
      if (!this.#opened) return callback(Object.assign(new Error("This socket is closed"), { code: "ERR_SOCKET_CLOSED" }));
      this.#opened
        .then(() => this.#writer!.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
        .then(() => {
          this.bytesWritten += chunk.byteLength;
          this.#idle?.refresh();
          callback();
        }, callback);
    }

    override _final(callback: Callback): void {
      if (!this.#opened) return callback();
      this.#opened.then(() => this.#writer!.close()).then(() => callback(), callback);
    }

    override _destroy(error: Error | null, callback: Callback): void {
      clearTimeout(this.#idle);
      void this.#socket?.close().catch(() => {});
      callback(error);
    }

    setNoDelay(): this {
      return this;
    }

    setKeepAlive(): this {
      return this;
    }

    /** Emits "timeout" after `timeout` ms without reads or writes (0 turns it off), as Node.js's. */
    setTimeout(timeout: number, callback?: () => void): this {
      clearTimeout(this.#idle);
      this.#idle = undefined;
      if (callback) {
        if (timeout === 0) this.off("timeout", callback);
        else this.once("timeout", callback);
      }
      if (timeout > 0) {
        this.#idle = setTimeout(() => this.emit("timeout"), timeout);
        this.#idle.unref?.();
      }
      return this;
    }

    ref(): this {
      return this;
    }

    unref(): this {
      return this;
    }

    address(): { address?: string; port?: number; family?: string } {
      return {};
    }
  }

  function connect(...args: unknown[]): Socket {
    const [options] = normalizeArgs(args);
    return new Socket(options as { allowHalfOpen?: boolean }).connect(...args);
  }

  const values: Record<string, unknown> = { ...nodeNet, Socket, Stream: Socket, connect, createConnection: connect };
  return namespace(values, Object.keys(nodeNet));
}

/** `(options[, cb])`, `(port[, host][, cb])` or `(path[, cb])`, as Node.js's `_normalizeArgs`. */
function normalizeArgs(args: unknown[]): [ConnectOptions, Callback | undefined] {
  if (Array.isArray(args[0]) && args.length === 1) return normalizeArgs(args[0] as unknown[]);
  const last = args.at(-1);
  const callback = typeof last === "function" ? (last as Callback) : undefined;
  const first = args[0];
  if (first !== null && typeof first === "object") return [first as ConnectOptions, callback];
  if (typeof first === "string" && Number.isNaN(Number(first))) return [{ path: first }, callback];
  return [{ port: first, host: typeof args[1] === "string" ? args[1] : undefined }, callback];
}
