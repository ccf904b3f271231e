/**
 * `Socket` of `cloudflare:sockets`, over a real TCP connection (`node:net`) or TLS (`node:tls`),
 * with workerd's semantics (api/sockets.c++): `opened` resolves with the remote address once
 * connected, and a failed connection rejects `opened` and `closed` with workerd's proxy error;
 * without `allowHalfOpen` the write side closes when the peer ends; `close()` flushes, then ends
 * both sides; `startTls()` upgrades a `secureTransport: "starttls"` socket over the same connection.
 */
import net from "node:net";
import tls from "node:tls";
import { createSocketStreams, type SocketStreams } from "./node-streams.js";
import type { SecureTransport, SocketTarget } from "./socket-address.js";
import { isOwnAddress } from "./own-address.js";

export interface SocketInfo {
  remoteAddress?: string;
  localAddress?: string;
}

export interface SocketSettings {
  target: SocketTarget;
  /** Where the connection really goes when it is not `target` (a Hyperdrive's local database), and its failure's message. */
  via?: { hostname: string; port: number; failure: string };
  secureTransport: SecureTransport;
  allowHalfOpen: boolean;
}

const token = Symbol("Socket");

function proxyError(port: number): Error {
  let message = "proxy request failed, cannot connect to the specified address";
  if (port === 80 || port === 443) {
    message += ". It looks like you might be trying to connect to a HTTP-based service — consider using fetch instead";
  }
  return new Error(message);
}

function settled<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** SNI is for names only (Node refuses an IP address as `servername`). */
function serverName(hostname: string): { servername?: string } {
  return net.isIP(hostname) ? {} : { servername: hostname };
}

/** Opens the connection `settings` describe and wraps it. */
export function openSocket(settings: SocketSettings): Socket {
  const { hostname, port } = settings.via ?? settings.target;
  const readyEvent = settings.secureTransport === "on" ? "secureConnect" : "connect";
  if (!settings.via && isOwnAddress(hostname, port))
    return new Socket(token, Promise.reject(new Error("own address")), settings, readyEvent);
  const connection =
    settings.secureTransport === "on"
      ? tls.connect({ host: hostname, port, ...serverName(hostname), allowHalfOpen: true } as tls.ConnectionOptions)
      : net.connect({ host: hostname, port, allowHalfOpen: true });
  return new Socket(
    token,
    Promise.resolve(connection),
    settings,
    settings.secureTransport === "on" ? "secureConnect" : "connect",
  );
}

export class Socket {
  #connection: Promise<net.Socket>;
  #settings: SocketSettings;
  #streams: SocketStreams;
  #opened = settled<SocketInfo>();
  #closed = settled<void>();
  #upgraded = false;
  #tlsStarted = false;
  #closing: Promise<void> | undefined;

  /** @internal */
  constructor(key: symbol, connection: Promise<net.Socket>, settings: SocketSettings, readyEvent: "connect" | "secureConnect") {
    if (key !== token) throw new TypeError("Illegal constructor");
    this.#connection = connection;
    this.#settings = settings;
    this.#streams = createSocketStreams(connection);
    const onReady = async () => {
      const socket = await connection;
      socket.off("error", onFailure);
      socket.on("error", (error) => this.#closed.reject(error));
      this.#opened.resolve({ remoteAddress: settings.target.address, localAddress: undefined });
    };
    const onFailure = () => {
      const error = settings.via ? new Error(settings.via.failure) : proxyError(settings.target.port);
      this.#opened.reject(error);
      this.#closed.reject(error);
      this.#streams.readable.cancel().catch(() => {});
      this.#streams.writable.abort(error).catch(() => {});
    };
    void connection.then((socket) => {
      socket.once(readyEvent, onReady).once("error", onFailure);
      socket.once("close", () => this.#closed.resolve());
    }, onFailure);
    if (!settings.allowHalfOpen) {
      void this.#streams.ended.then(() => this.#closeWriteSide());
    }
  }

  get readable(): ReadableStream<Uint8Array> {
    return this.#streams.readable;
  }

  get writable(): WritableStream<ArrayBufferView | ArrayBuffer | string> {
    return this.#streams.writable;
  }

  get opened(): Promise<SocketInfo> {
    return this.#opened.promise;
  }

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  get upgraded(): boolean {
    return this.#upgraded;
  }

  get secureTransport(): SecureTransport {
    return this.#settings.secureTransport;
  }

  close(): Promise<void> {
    this.#closing ??= this.#opened.promise
      .then(
        async () => {
          await this.#streams.flush();
          await this.#streams.readable.cancel().catch(() => {});
          await this.#streams.writable.abort().catch(() => {});
          (await this.#connection).destroy();
          this.#closed.resolve();
        },
        () => {},
      )
      .then(() => this.#closed.promise.catch(() => {}));
    return this.#closing;
  }

  startTls(options?: { expectedServerHostname?: string }): Socket {
    if (this.#settings.secureTransport === "on") throw new TypeError("Cannot startTls on a TLS socket.");
    if (this.#tlsStarted) throw new TypeError("startTls can only be called once.");
    if (this.#settings.secureTransport !== "starttls") {
      throw new TypeError("The `secureTransport` socket option must be set to 'starttls' for startTls to be used.");
    }
    this.#tlsStarted = true;
    const servername = options?.expectedServerHostname ?? this.#settings.target.hostname;
    // TLS over this connection, once what was written to it is flushed; this socket is then done.
    const secure = this.#streams.flush().then(async () => {
      const plain = await this.#connection;
      this.#streams.detach();
      this.#upgraded = true;
      this.#closed.resolve();
      return tls.connect({ socket: plain, ...serverName(servername) });
    });
    return new Socket(token, secure, { ...this.#settings, secureTransport: "on" }, "secureConnect");
  }

  /** The connection, for `internalNewHttpClient`: flushed, then no longer this socket's. */
  static async takeConnection(socket: Socket): Promise<net.Socket> {
    await socket.#streams.flush();
    const connection = await socket.#connection;
    socket.#streams.detach();
    socket.#closed.resolve();
    return connection;
  }

  async #closeWriteSide(): Promise<void> {
    const writer = this.#streams.writable.getWriter();
    try {
      await writer.close();
      this.#closed.resolve();
    } catch (error) {
      this.#closed.reject(error);
    } finally {
      writer.releaseLock();
    }
  }
}
