import { beforeAll, expect, test } from "vitest";
import { installWebCryptoExtensions } from "./web-crypto-extensions.js";

const data = new TextEncoder().encode("conformance");
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString("hex");
const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual(a: BufferSource, b: BufferSource): boolean };
const DigestStream = () =>
  (crypto as unknown as { DigestStream: new (algorithm: string | { name: string }) => DigestStreamLike }).DigestStream;
interface DigestStreamLike extends WritableStream<unknown> {
  digest: Promise<ArrayBuffer>;
  bytesWritten: bigint;
}

beforeAll(() => installWebCryptoExtensions());

test("digest computes MD5 (any case) and still delegates the SHA family to Node", async () => {
  expect(hex(await subtle.digest("MD5", data))).toBe("40b58d6b7e0aec7f1745e78800f1a0f9");
  expect(hex(await subtle.digest({ name: "md5" }, data))).toBe("40b58d6b7e0aec7f1745e78800f1a0f9");
  expect((await subtle.digest("SHA-256", data)).byteLength).toBe(32);
});

test("DigestStream hashes what is written, strings as UTF-8, and counts the bytes", async () => {
  const stream = new (DigestStream())("SHA-256");
  const writer = stream.getWriter();
  await writer.write(data);
  await writer.write("");
  await writer.close();
  expect(hex(await stream.digest)).toBe("6c1d6cedf276ea3fd7486a212fd62b32fbb9ecaa4dea70545486737199dd24ed");
  expect(stream.bytesWritten).toBe(11n);
  const md5 = new (DigestStream())({ name: "MD5" });
  const md5Writer = md5.getWriter();
  await md5Writer.write("conformance");
  await md5Writer.close();
  expect(hex(await md5.digest)).toBe("40b58d6b7e0aec7f1745e78800f1a0f9");
  expect(Object.getPrototypeOf(DigestStream().prototype)).toBe(WritableStream.prototype);
});

test("DigestStream refuses an unknown algorithm with workerd's DOMException", () => {
  expect(() => new (DigestStream())("FOO")).toThrowErrorMatchingInlineSnapshot(
    `[NotSupportedError: Unrecognized or unimplemented digest algorithm requested.]`,
  );
});

test("timingSafeEqual compares buffers of the same length and refuses others with workerd's wording", () => {
  expect(subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  expect(subtle.timingSafeEqual(new ArrayBuffer(2), new Uint8Array([0, 1]))).toBe(false);
  expect(() => subtle.timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Input buffers must have the same byte length.]`,
  );
  expect(() => subtle.timingSafeEqual("a" as never, new Uint8Array(1))).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameter 1 is not of type 'BufferSource'.]`,
  );
});

test("NODE-ED25519 keys sign, verify, import and report workerd's algorithm", async () => {
  const algorithm = { name: "NODE-ED25519", namedCurve: "NODE-ED25519" };
  const pair = (await subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  expect(pair.publicKey.algorithm).toEqual(algorithm);
  expect(pair.privateKey.algorithm).toEqual(algorithm);
  const signature = await subtle.sign({ name: "NODE-ED25519" }, pair.privateKey, data);
  expect(signature.byteLength).toBe(64);
  const raw = await subtle.exportKey("raw", pair.publicKey);
  const imported = await subtle.importKey("raw", raw, algorithm, true, ["verify"]);
  expect(imported.algorithm).toEqual(algorithm);
  expect(await subtle.verify("NODE-ED25519", imported, signature, data)).toBe(true);
});

test("NODE-ED25519 without its curve or with another one fails as in workerd", async () => {
  await expect(subtle.generateKey({ name: "NODE-ED25519" }, true, ["sign"])).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Missing field "namedCurve" in "algorithm".]`,
  );
  await expect(
    subtle.generateKey({ name: "NODE-ED25519", namedCurve: "P-256" } as never, true, ["sign"]),
  ).rejects.toThrowErrorMatchingInlineSnapshot(`[NotSupportedError: EDDSA curve "P-256" isn't supported.]`);
});
