/**
 * DurableObjectId: 32 bytes shown as 64 hex digits. As in workerd, the first 16 bytes are random
 * (newUniqueId) or a keyed hash of the name (idFromName), and the last 16 are a MAC of the first
 * 16 under the namespace's key, so idFromString can tell an id of another namespace.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { Buffer } from "node:buffer";

export const JURISDICTIONS = ["eu", "fedramp", "fedramp-high", "us"] as const;

export class DurableObjectId {
  get [Symbol.toStringTag](): string {
    return "DurableObjectId";
  }

  readonly #hex: string;
  readonly name: string | undefined;
  readonly jurisdiction: string | undefined;

  /** @internal created by DurableObjectNamespace only */
  constructor(hex: string, name?: string, jurisdiction?: string) {
    this.#hex = hex;
    this.name = name;
    this.jurisdiction = jurisdiction;
  }

  toString(): string {
    return this.#hex;
  }

  equals(other: DurableObjectId): boolean {
    return other instanceof DurableObjectId && other.#hex === this.#hex;
  }
}

/** Makes and checks the ids of one namespace (one Durable Object class). */
export class DurableObjectIdFactory {
  readonly #key: Buffer;

  constructor(namespaceKey: string) {
    this.#key = createHash("sha256").update(`kindling-durable-object:${namespaceKey}`).digest();
  }

  fromName(name: string, jurisdiction?: string): DurableObjectId {
    const input = jurisdiction ? `${jurisdiction}:${name}` : name;
    const base = createHmac("sha256", this.#key).update(input).digest().subarray(0, 16);
    return new DurableObjectId(this.#withMac(base), name, jurisdiction);
  }

  unique(jurisdiction?: string): DurableObjectId {
    return new DurableObjectId(this.#withMac(randomBytes(16)), undefined, jurisdiction);
  }

  fromString(hex: string, jurisdiction?: string): DurableObjectId {
    if (typeof hex !== "string" || !/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new TypeError("Invalid Durable Object ID: must be 64 hex digits");
    }
    const lower = hex.toLowerCase();
    if (this.#withMac(Buffer.from(lower.slice(0, 32), "hex")) !== lower) {
      throw new TypeError("Durable Object ID is not valid for this namespace.");
    }
    return new DurableObjectId(lower, undefined, jurisdiction);
  }

  #withMac(base: Buffer): string {
    const mac = createHmac("sha256", this.#key).update(base).digest().subarray(0, 16);
    return base.toString("hex") + mac.toString("hex");
  }
}
