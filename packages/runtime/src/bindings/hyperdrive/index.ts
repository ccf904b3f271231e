/**
 * `hyperdrive`: as workerd's local Hyperdrive (api/hyperdrive.c++). The worker sees
 * `<32 hex>.hyperdrive.local:5432` (3306 for MySQL) with the local database's user, password and
 * database; a `connect()` to that name (or the binding's synthetic `ip`), from `cloudflare:sockets`,
 * `node:net` or a driver on it, reaches the local database (`localConnectionString`, or the
 * CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding> variable, read by the host). No pooling or caching.
 */
import { randomBytes } from "node:crypto";
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { hasConnectOverride, setConnectOverride } from "../../web/sockets/connect-overrides.js";
import { openSocket, type Socket } from "../../web/sockets/socket.js";

const fields = ["connectionString", "port", "ip", "host", "password", "user", "database"] as const;

export class Hyperdrive {
  declare readonly connectionString: string;
  declare readonly port: number;
  declare readonly ip: string;
  declare readonly host: string;
  declare readonly password: string;
  declare readonly user: string;
  declare readonly database: string;
  #descriptor: BindingDescriptor<"hyperdrive">;
  #url: URL | undefined;
  #host = `${randomBytes(16).toString("hex")}.hyperdrive.local`;
  #ip: string | undefined;

  constructor(descriptor: BindingDescriptor<"hyperdrive">) {
    this.#descriptor = descriptor;
    // Own properties, in workerd's order (its lazy instance properties).
    const values = {
      connectionString: () => this.#connectionString(),
      port: () => this.#port(),
      ip: () => this.#claim().ip,
      host: () => this.#claim().host,
      password: () => decodeURIComponent(this.#connection().password),
      user: () => decodeURIComponent(this.#connection().username),
      database: () => decodeURIComponent(this.#connection().pathname.replace(/^\//, "")),
    };
    for (const name of fields) Object.defineProperty(this, name, { get: values[name], enumerable: true, configurable: true });
  }

  /** A socket to the local database, reported as `<host>:<port>`. */
  connect(): Socket {
    const local = this.#connection();
    const { host, ip } = this.#claim();
    const hostname = local.hostname.replace(/^\[(.*)\]$/, "$1");
    return openSocket({
      target: { address: `${host}:${this.#port()}`, hostname: ip, port: this.#port() },
      secureTransport: "off",
      allowHalfOpen: false,
      via: { hostname, port: Number(local.port || this.#port()), failure: "connection attempt failed" },
    });
  }

  #scheme(): string {
    return this.#connection().protocol.slice(0, -1);
  }

  #port(): number {
    return this.#scheme() === "mysql" ? 3306 : 5432;
  }

  #connectionString(): string {
    const ssl = this.#scheme() === "mysql" ? "?ssl-mode=disabled" : "?sslmode=disable";
    const { user, password, database, host } = this;
    return `${this.#scheme()}://${user}:${password}@${host}:${this.#port()}/${database}${ssl}`;
  }

  /** Reading the host or the IP routes both through this binding (workerd's `registerConnectOverride`). */
  #claim(): { host: string; ip: string } {
    if (this.#ip === undefined) {
      const port = this.#port();
      // A synthetic address in 240.0.0.0/16 (reserved, never routed), as workerd picks it.
      let suffix = randomBytes(2).readUInt16BE();
      while (hasConnectOverride(`240.0.${suffix >> 8}.${suffix & 0xff}`, port)) suffix = (suffix + 1) & 0xffff;
      this.#ip = `240.0.${suffix >> 8}.${suffix & 0xff}`;
      setConnectOverride(this.#host, port, () => this.connect());
      setConnectOverride(this.#ip, port, () => this.connect());
    }
    return { host: this.#host, ip: this.#ip };
  }

  #connection(): URL {
    if (this.#url) return this.#url;
    const { name, localConnectionString } = this.#descriptor;
    if (localConnectionString === undefined) {
      // wrangler's wording; wrangler refuses to start, Kindling lets the rest of the worker run.
      throw new Error(
        `When developing locally, you should use a local Postgres connection string to emulate Hyperdrive functionality. ` +
          `Please setup Postgres locally and set the value of the 'CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_${name}' ` +
          `variable or "${name}"'s "localConnectionString" to the Postgres connection string.`,
      );
    }
    try {
      this.#url = new URL(localConnectionString);
    } catch {
      throw new Error(
        `[kindling] The Hyperdrive binding "${name}" has a local connection string that is not a URL ` +
          `(expected e.g. "postgres://user:password@localhost:5432/db"). Fix its "localConnectionString".`,
      );
    }
    return this.#url;
  }
}
Object.defineProperty(Hyperdrive.prototype, "connect", { enumerable: true });

export function createHyperdrive(descriptor: BindingDescriptor<"hyperdrive">): Hyperdrive {
  return new Hyperdrive(descriptor);
}
