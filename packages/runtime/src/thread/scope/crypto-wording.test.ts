import { beforeAll, expect, test } from "vitest";
import { installCryptoWording } from "./crypto-wording.js";
import { rejected, thrown } from "./errors.test-support.js";

beforeAll(() => installCryptoWording());

test("getRandomValues refuses too large and non-integer arrays with workerd's wording", () => {
  expect(thrown(() => crypto.getRandomValues(new Uint8Array(65537)))).toMatchInlineSnapshot(
    `"DOMException QuotaExceededError: getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes."`,
  );
  expect(thrown(() => crypto.getRandomValues(new Float64Array(2) as never))).toMatchInlineSnapshot(
    `"DOMException TypeMismatchError: ArrayBufferView argument to getRandomValues() must be an integer-typed view."`,
  );
  expect(crypto.getRandomValues(new Uint8Array(4)).length).toBe(4);
});

test("crypto.subtle rejects bad arguments with workerd's wording", async () => {
  const subtle = crypto.subtle;
  expect(await rejected(subtle.digest("BOGUS", new Uint8Array(1)))).toMatchInlineSnapshot(
    `"DOMException NotSupportedError: Unrecognized or unimplemented digest algorithm requested."`,
  );
  expect(await rejected(subtle.digest("SHA-256", "text" as never))).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type 'BufferSource'."`,
  );
  expect(
    await rejected(subtle.importKey("bogus" as never, new Uint8Array(16), "AES-GCM", false, ["encrypt"])),
  ).toMatchInlineSnapshot(`"DOMException NotSupportedError: Unrecognized key import format "bogus"."`);
  expect(await rejected(subtle.importKey("raw", new Uint8Array(5), "AES-GCM", false, ["encrypt"]))).toMatchInlineSnapshot(
    `"DOMException DataError: Imported AES key length must be 128, 192, or 256 bits but provided 40."`,
  );
  const hmac = await subtle.importKey("raw", new Uint8Array(4), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  expect(await rejected(subtle.sign("HMAC", hmac, new Uint8Array(4)))).toMatchInlineSnapshot(
    `"DOMException InvalidAccessError: Requested key usage "sign" does not match any usage listed in this CryptoKey."`,
  );
  const aes = await subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["decrypt"]);
  expect(
    await rejected(subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, new Uint8Array(32))),
  ).toMatchInlineSnapshot(
    `"DOMException OperationError: Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 16, output length expected to be 16 for AES-GCM"`,
  );
  expect(subtle.digest.name).toBe("digest");
  expect(new Uint8Array(await subtle.digest("SHA-1", new Uint8Array(0)))[0]).toBe(0xda);
});
