/** Web Crypto, with workerd's extensions (MD5, DigestStream, timingSafeEqual, NODE-ED25519). */
import { className } from "../harness/describe.js";

export const area = "Web APIs";

const data = new TextEncoder().encode("conformance");
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

export function probes() {
  return {
    "digest MD5": async () => hex(await crypto.subtle.digest("MD5", data)),
    "digest SHA-1": async () => hex(await crypto.subtle.digest("SHA-1", data)),
    "digest SHA-256": async () => hex(await crypto.subtle.digest("SHA-256", data)),
    "digest { name: 'sha-512' } length": async () => (await crypto.subtle.digest({ name: "sha-512" }, data)).byteLength,
    "digest of a string": async () => hex(await crypto.subtle.digest("SHA-256", "text")),
    "crypto.DigestStream SHA-256": async () => {
      const stream = new crypto.DigestStream("SHA-256");
      const writer = stream.getWriter();
      await writer.write(data);
      await writer.close();
      return hex(await stream.digest);
    },
    "crypto.DigestStream MD5": async () => {
      const stream = new crypto.DigestStream("MD5");
      const writer = stream.getWriter();
      await writer.write(data);
      await writer.close();
      return hex(await stream.digest);
    },
    "timingSafeEqual equal": () => crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])),
    "timingSafeEqual different lengths": () => crypto.subtle.timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2])),
    "randomUUID format": () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()),
    "getRandomValues returns its argument": () => {
      const array = new Uint32Array(4);
      return crypto.getRandomValues(array) === array;
    },
    "HMAC sign": async () => {
      const key = await crypto.subtle.importKey("raw", data, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return hex(await crypto.subtle.sign("HMAC", key, data));
    },
    "CryptoKey fields": async () => {
      const key = await crypto.subtle.importKey("raw", data, { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
      return {
        class: className(key),
        type: key.type,
        extractable: key.extractable,
        usages: key.usages,
        algorithm: key.algorithm,
      };
    },
    "AES-GCM encrypt length": async () => {
      const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["encrypt"]);
      return (await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, data)).byteLength;
    },
    "Ed25519 generateKey": async () => {
      const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
      return { class: className(pair), publicKey: pair.publicKey.algorithm };
    },
    "NODE-ED25519 generateKey": async () => {
      const pair = await crypto.subtle.generateKey({ name: "NODE-ED25519", namedCurve: "NODE-ED25519" }, false, [
        "sign",
        "verify",
      ]);
      return pair.publicKey.algorithm;
    },
    "X25519 generateKey": async () =>
      (await crypto.subtle.generateKey({ name: "X25519" }, false, ["deriveBits"])).publicKey.algorithm,
    "ECDSA P-256 export jwk keys": async () => {
      const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
      return Object.keys(await crypto.subtle.exportKey("jwk", pair.publicKey)).toSorted();
    },
    "RSA-PSS modulusLength 1024 key algorithm": async () => {
      const pair = await crypto.subtle.generateKey(
        { name: "RSA-PSS", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
        false,
        ["sign"],
      );
      return { ...pair.privateKey.algorithm, publicExponent: Array.from(pair.privateKey.algorithm.publicExponent) };
    },
    "PBKDF2 deriveBits": async () => {
      const key = await crypto.subtle.importKey("raw", data, "PBKDF2", false, ["deriveBits"]);
      return hex(await crypto.subtle.deriveBits({ name: "PBKDF2", salt: data, iterations: 10, hash: "SHA-256" }, key, 128));
    },
    "PBKDF2 with 200000 iterations": async () => {
      const key = await crypto.subtle.importKey("raw", data, "PBKDF2", false, ["deriveBits"]);
      return (await crypto.subtle.deriveBits({ name: "PBKDF2", salt: data, iterations: 200000, hash: "SHA-256" }, key, 128))
        .byteLength;
    },
    "importKey raw AES with a bad length": () => crypto.subtle.importKey("raw", new Uint8Array(5), "AES-GCM", false, ["encrypt"]),
    "sign with a key lacking the usage": async () => {
      const key = await crypto.subtle.importKey("raw", data, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
      return await crypto.subtle.sign("HMAC", key, data);
    },
    "decrypt with a wrong tag": async () => {
      const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["decrypt"]);
      return await crypto.subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, new Uint8Array(32));
    },
  };
}
