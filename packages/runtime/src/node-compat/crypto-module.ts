/**
 * `node:crypto`: the host's implementation, with workerd's stricter `Cipheriv`/`Decipheriv`
 * (src/node/internal/crypto_cipher.ts): `update()` of a string needs its input encoding, where
 * Node.js would take it as UTF-8.
 */
import nodeCrypto from "node:crypto";

type Update = (data: unknown, inputEncoding?: unknown, outputEncoding?: unknown) => unknown;

function missingInputEncoding(): TypeError {
  const message =
    "The argument 'inputEncoding' If inputEncoding is not provided then the data must be a Buffer. Received undefined";
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_VALUE" });
}

function strictUpdate<T extends { update: Update }>(cipher: T): T {
  const update = cipher.update;
  cipher.update = function (data, inputEncoding, outputEncoding) {
    if (typeof data === "string" && inputEncoding === undefined) throw missingInputEncoding();
    return update.call(this, data, inputEncoding, outputEncoding);
  };
  return cipher;
}

/** workerd's `createCipheriv`/`createDecipheriv`, laid over Node's in `node:crypto` (shaped-modules.ts). */
export function strictCipherFactories(): Record<string, unknown> {
  return {
    createCipheriv: (...args: Parameters<typeof nodeCrypto.createCipheriv>) =>
      strictUpdate(nodeCrypto.createCipheriv(...args) as unknown as { update: Update }),
    createDecipheriv: (...args: Parameters<typeof nodeCrypto.createDecipheriv>) =>
      strictUpdate(nodeCrypto.createDecipheriv(...args) as unknown as { update: Update }),
  };
}
