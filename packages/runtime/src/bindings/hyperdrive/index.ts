/**
 * `hyperdrive`: the connection details of the local Postgres database that stands in for the
 * Hyperdrive config (`localConnectionString`, or the CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding>
 * variable, read by the host). Drivers connect to it directly; there is no pooling or caching.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { notImplemented } from "../../shared/not-implemented.js";

export class Hyperdrive {
  #descriptor: BindingDescriptor<"hyperdrive">;
  #url: URL | undefined;

  constructor(descriptor: BindingDescriptor<"hyperdrive">) {
    this.#descriptor = descriptor;
  }

  get connectionString(): string {
    return this.#connection().href;
  }

  get host(): string {
    return this.#connection().hostname;
  }

  get port(): number {
    return Number(this.#connection().port || 5432);
  }

  get user(): string {
    return decodeURIComponent(this.#connection().username);
  }

  get password(): string {
    return decodeURIComponent(this.#connection().password);
  }

  get database(): string {
    return decodeURIComponent(this.#connection().pathname.replace(/^\//, ""));
  }

  connect(): never {
    return notImplemented("Hyperdrive.connect");
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

export function createHyperdrive(descriptor: BindingDescriptor<"hyperdrive">): Hyperdrive {
  return new Hyperdrive(descriptor);
}
