/**
 * workerd's Web Crypto extensions on Node's Web Crypto: MD5 in `crypto.subtle.digest`,
 * `crypto.DigestStream`, `crypto.subtle.timingSafeEqual`, and the `NODE-ED25519` algorithm (Ed25519
 * under its pre-standard name). Wording is workerd's.
 */
import { createHash, timingSafeEqual as nodeTimingSafeEqual, type Hash } from "node:crypto";
import { chunkBytes } from "./workerd-streams.js";

const hashNames: Record<string, string> = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
  MD5: "md5",
};

type AlgorithmInput = string | { name?: unknown; namedCurve?: unknown } | undefined;
const nameOf = (algorithm: AlgorithmInput) =>
  String(typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm).toUpperCase();

function bytesOf(data: unknown, method: string, parameter: number): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': parameter ${parameter} is not of type 'BufferSource'.`);
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** `crypto.DigestStream`: a WritableStream whose `digest` resolves to the hash of what was written. */
export class DigestStream extends WritableStream<unknown> {
  #digest: Promise<ArrayBuffer>;
  #state: { bytes: bigint };

  constructor(algorithm: AlgorithmInput) {
    const hashName = hashNames[nameOf(algorithm)];
    if (hashName === undefined) {
      throw new DOMException("Unrecognized or unimplemented digest algorithm requested.", "NotSupportedError");
    }
    const hash: Hash = createHash(hashName);
    const state = { bytes: 0n };
    let settle!: { resolve: (digest: ArrayBuffer) => void; reject: (reason: unknown) => void };
    const digest = new Promise<ArrayBuffer>((resolve, reject) => (settle = { resolve, reject }));
    digest.catch(() => {});
    super({
      write(chunk) {
        const bytes = chunkBytes(chunk);
        hash.update(bytes);
        state.bytes += BigInt(bytes.byteLength);
      },
      close: () => settle.resolve(toArrayBuffer(hash.digest())),
      abort: (reason) => settle.reject(reason),
    });
    this.#digest = digest;
    this.#state = state;
  }

  get digest(): Promise<ArrayBuffer> {
    return this.#digest;
  }

  get bytesWritten(): bigint {
    return this.#state.bytes;
  }
}

const ed25519Label = Object.freeze({ name: "NODE-ED25519", namedCurve: "NODE-ED25519" });

/** `NODE-ED25519` parameters checked as workerd checks them, then used as Node's `Ed25519`. */
function isNodeEd25519(algorithm: AlgorithmInput, checkCurve: boolean): boolean {
  if (nameOf(algorithm) !== "NODE-ED25519") return false;
  if (!checkCurve) return true;
  const curve = typeof algorithm === "object" ? algorithm.namedCurve : undefined;
  if (curve === undefined) throw new TypeError('Missing field "namedCurve" in "algorithm".');
  if (curve !== "NODE-ED25519") {
    throw new DOMException(`EDDSA curve "${String(curve)}" isn't supported.`, "NotSupportedError");
  }
  return true;
}

const relabelled = new WeakSet<object>();
const label = (key: object) =>
  Object.defineProperty(key, "algorithm", { get: () => ed25519Label, configurable: true, enumerable: true });

function labelled<T>(key: T): T {
  relabelled.add(label(key as object));
  return key;
}

/**
 * Node checks a key's algorithm through its `algorithm` getter, synchronously when a method is
 * called: the NODE-ED25519 label is lifted for that moment.
 */
function withNodeKeys<T>(args: unknown[], call: () => T): T {
  const keys = args.filter((arg): arg is object => typeof arg === "object" && arg !== null && relabelled.has(arg));
  for (const key of keys) delete (key as { algorithm?: unknown }).algorithm;
  try {
    return call();
  } finally {
    for (const key of keys) label(key);
  }
}

type Method = (this: SubtleCrypto, ...args: never[]) => Promise<unknown>;

/** Installs the extensions on this thread's `crypto` and `SubtleCrypto.prototype`. */
export function installWebCryptoExtensions(): void {
  const subtle = Object.getPrototypeOf(crypto.subtle) as Record<string, Method>;
  const original: Record<string, Method | undefined> = {};
  const call = (key: string, self: SubtleCrypto, args: unknown[]) =>
    withNodeKeys(args, () => (original[key] as (...args: unknown[]) => Promise<unknown>).apply(self, args));
  const methods: Record<string, (this: SubtleCrypto, ...args: never[]) => unknown> = {
    async digest(this: SubtleCrypto, algorithm: AlgorithmInput, data: unknown) {
      if (nameOf(algorithm) !== "MD5") return call("digest", this, [algorithm, data]);
      return toArrayBuffer(
        createHash("md5")
          .update(bytesOf(data, "digest", 2))
          .digest(),
      );
    },
    timingSafeEqual(this: SubtleCrypto, ...args: unknown[]) {
      const [a, b] = [bytesOf(args[0], "timingSafeEqual", 1), bytesOf(args[1], "timingSafeEqual", 2)];
      if (a.byteLength !== b.byteLength) throw new TypeError("Input buffers must have the same byte length.");
      return nodeTimingSafeEqual(a, b);
    },
    async generateKey(this: SubtleCrypto, algorithm: AlgorithmInput, ...rest: unknown[]) {
      if (!isNodeEd25519(algorithm, true)) return call("generateKey", this, [algorithm, ...rest]);
      const pair = (await call("generateKey", this, ["Ed25519", ...rest])) as CryptoKeyPair;
      return (labelled(pair.publicKey), labelled(pair.privateKey), pair);
    },
    async importKey(this: SubtleCrypto, format: unknown, data: unknown, algorithm: AlgorithmInput, ...rest: unknown[]) {
      if (!isNodeEd25519(algorithm, true)) return call("importKey", this, [format, data, algorithm, ...rest]);
      return labelled(await call("importKey", this, [format, data, "Ed25519", ...rest]));
    },
    async sign(this: SubtleCrypto, algorithm: AlgorithmInput, ...rest: unknown[]) {
      return call("sign", this, [isNodeEd25519(algorithm, false) ? "Ed25519" : algorithm, ...rest]);
    },
    async verify(this: SubtleCrypto, algorithm: AlgorithmInput, ...rest: unknown[]) {
      return call("verify", this, [isNodeEd25519(algorithm, false) ? "Ed25519" : algorithm, ...rest]);
    },
    async exportKey(this: SubtleCrypto, ...args: unknown[]) {
      return call("exportKey", this, args);
    },
    async wrapKey(this: SubtleCrypto, ...args: unknown[]) {
      return call("wrapKey", this, args);
    },
  };
  for (const [key, value] of Object.entries(methods)) {
    original[key] = subtle[key];
    Object.defineProperty(value, "length", { value: key === "timingSafeEqual" ? 0 : (original[key]?.length ?? 0) });
    Object.defineProperty(subtle, key, { value, writable: true, configurable: true, enumerable: true });
  }
  Object.defineProperty(Object.getPrototypeOf(crypto), "DigestStream", {
    value: DigestStream,
    writable: true,
    configurable: true,
  });
}
