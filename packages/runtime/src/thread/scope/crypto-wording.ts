/**
 * workerd's wording for Web Crypto errors, whose implementation is Node's: `crypto.getRandomValues`
 * and the `crypto.subtle` methods. Messages are workerd's (conformance/golden/web.json); an error
 * matching no rule passes unchanged.
 */
import { nodeCode, translateMethod, type Translation } from "./translate-errors.js";

const isDomError = (error: unknown, name: string): error is DOMException => error instanceof DOMException && error.name === name;

const byteLength = (data: unknown): number | undefined =>
  data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : undefined;

const algorithmName = (algorithm: unknown): string =>
  String(typeof algorithm === "object" && algorithm !== null ? (algorithm as { name?: unknown }).name : algorithm);

export const translateGetRandomValues: Translation = (error, [array]) => {
  if (isDomError(error, "QuotaExceededError"))
    return new DOMException(
      `getRandomValues() only accepts buffers of size <= 64K but provided ${byteLength(array)} bytes.`,
      "QuotaExceededError",
    );
  if (isDomError(error, "TypeMismatchError"))
    return new DOMException("ArrayBufferView argument to getRandomValues() must be an integer-typed view.", "TypeMismatchError");
  return undefined;
};

/** Errors every SubtleCrypto method shares: argument types and key usages. */
function translateSubtle(method: string, error: unknown, args: readonly unknown[]): Error | undefined {
  if (nodeCode(error) === "ERR_INVALID_ARG_TYPE" && error instanceof TypeError) {
    const match = /^Failed to execute '(\w+)' on 'SubtleCrypto': (\d)\w\w argument is not instance of ArrayBuffer, /.exec(
      error.message,
    );
    if (match)
      return new TypeError(
        `Failed to execute '${match[1]}' on 'SubtleCrypto': parameter ${match[2]} is not of type 'BufferSource'.`,
      );
  }
  if (isDomError(error, "InvalidAccessError")) {
    const usage = /^Unable to use this key to (\w+)$/.exec(error.message)?.[1];
    if (usage)
      return new DOMException(
        `Requested key usage "${usage}" does not match any usage listed in this CryptoKey.`,
        "InvalidAccessError",
      );
  }
  if (method === "digest" && isDomError(error, "NotSupportedError"))
    return new DOMException("Unrecognized or unimplemented digest algorithm requested.", "NotSupportedError");
  if (method === "importKey") return translateImportKey(error, args);
  if (method === "decrypt") return translateDecrypt(error, args);
  return undefined;
}

function translateImportKey(error: unknown, [format, data, algorithm]: readonly unknown[]): Error | undefined {
  if (nodeCode(error) === "ERR_INVALID_ARG_VALUE" && error instanceof TypeError && error.message.endsWith("type KeyFormat."))
    return new DOMException(`Unrecognized key import format "${String(format)}".`, "NotSupportedError");
  const name = algorithmName(algorithm).toUpperCase();
  if (isDomError(error, "DataError") && error.message === "Invalid key length" && format === "raw" && name.startsWith("AES-"))
    return new DOMException(
      `Imported AES key length must be 128, 192, or 256 bits but provided ${(byteLength(data) ?? 0) * 8}.`,
      "DataError",
    );
  return undefined;
}

/** AES-GCM's failed authentication; workerd reports the lengths (the tag is not part of the output). */
function translateDecrypt(error: unknown, [algorithm, , data]: readonly unknown[]): Error | undefined {
  if (!isDomError(error, "OperationError") || algorithmName(algorithm).toUpperCase() !== "AES-GCM") return undefined;
  const tagLength = Number((algorithm as { tagLength?: unknown }).tagLength ?? 128) / 8;
  const length = Math.max(0, (byteLength(data) ?? 0) - tagLength);
  return new DOMException(
    `Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was ${length}, output length expected to be ${length} for AES-GCM`,
    "OperationError",
  );
}

const subtleMethods = [
  "encrypt",
  "decrypt",
  "sign",
  "verify",
  "digest",
  "generateKey",
  "deriveKey",
  "deriveBits",
  "importKey",
  "exportKey",
  "wrapKey",
  "unwrapKey",
];

/**
 * `promise`-returning `fn` whose rejection (or synchronous throw) is translated; the result of a
 * successful call is returned as is.
 */
function translateAsync(method: string): Translation {
  return (error, args) => translateSubtle(method, error, args);
}

/** Installs the wording on this thread's `Crypto.prototype` and `SubtleCrypto.prototype` (after the extensions). */
export function installCryptoWording(): void {
  translateMethod(Object.getPrototypeOf(crypto) as object, "getRandomValues", translateGetRandomValues);
  const subtle = Object.getPrototypeOf(crypto.subtle) as Record<string, unknown>;
  for (const method of subtleMethods) {
    const original = subtle[method];
    if (typeof original !== "function") continue;
    const translate = translateAsync(method);
    const wrapped = {
      [method](this: SubtleCrypto, ...args: unknown[]): Promise<unknown> {
        let result: Promise<unknown>;
        try {
          result = Promise.resolve(Reflect.apply(original, this, args) as Promise<unknown>);
        } catch (error) {
          return Promise.reject(translate(error, args) ?? error);
        }
        return result.catch((error: unknown) => {
          throw translate(error, args) ?? error;
        });
      },
    }[method]!;
    Object.defineProperty(wrapped, "length", { value: original.length });
    Object.defineProperty(subtle, method, { value: wrapped, writable: true, configurable: true, enumerable: true });
  }
}
