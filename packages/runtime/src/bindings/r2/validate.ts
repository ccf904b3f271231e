/**
 * R2 limits and errors. Errors from the R2 service reach user code as
 * `Error("<action>: <message> (<v4 code>)")`; argument checks done by workerd itself are
 * TypeErrors/RangeErrors. https://developers.cloudflare.com/r2/platform/limits/
 */
import { Buffer } from "node:buffer";
export const r2Limits = {
  maxKeySize: 1024,
  maxValueSize: 5_368_709_120 - 5_242_880,
  maxMetadataSize: 2048,
  maxListKeys: 1000,
  minPartSize: 5 * 1024 * 1024,
  maxPartNumber: 10_000,
} as const;

const serviceErrors = {
  internal: [10001, "We encountered an internal error. Please try again."],
  entityTooLarge: [100100, "Your proposed upload exceeds the maximum allowed object size."],
  entityTooSmall: [10011, "Your proposed upload is smaller than the minimum allowed object size."],
  metadataTooLarge: [10012, "Your metadata headers exceed the maximum allowed metadata size."],
  invalidObjectName: [10020, "The specified object name is not valid."],
  invalidMaxKeys: [10022, "MaxKeys params must be positive integer <= 1000."],
  noSuchUpload: [10024, "The specified multipart upload does not exist."],
  invalidPart: [10025, "One or more of the specified parts could not be found."],
  invalidRange: [10039, "The requested range is not satisfiable"],
  badUpload: [10048, "There was a problem with the multipart upload."],
} as const;

export type R2Action =
  | "head"
  | "get"
  | "put"
  | "delete"
  | "list"
  | "createMultipartUpload"
  | "uploadPart"
  | "completeMultipartUpload"
  | "abortMultipartUpload";

export function r2Error(action: R2Action, kind: keyof typeof serviceErrors): Error {
  const [code, message] = serviceErrors[kind];
  return new Error(`${action}: ${message} (${code})`);
}

export function badDigest(algorithm: string, provided: string, actual: string): Error {
  return new Error(
    `put: The ${algorithm} checksum you specified did not match what we received.\n` +
      `You provided a ${algorithm} checksum with value: ${provided}\n` +
      `Actual ${algorithm} was: ${actual} (10037)`,
  );
}

export function assertObjectKey(action: R2Action, key: string): void {
  if (Buffer.byteLength(key) > r2Limits.maxKeySize) throw r2Error(action, "invalidObjectName");
}

/** R2 counts a string at 2 bytes a character if any character is outside Latin-1. */
function serializedLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 256) return text.length * 2;
  return text.length;
}

export function assertCustomMetadata(action: R2Action, metadata: Record<string, string> | undefined): void {
  if (!metadata) return;
  let size = 0;
  for (const [key, value] of Object.entries(metadata)) size += serializedLength(key) + serializedLength(value);
  if (size > r2Limits.maxMetadataSize) throw r2Error(action, "metadataTooLarge");
}

export function assertPartNumber(partNumber: number): void {
  if (!(partNumber >= 1 && partNumber <= r2Limits.maxPartNumber)) {
    throw new TypeError(`Part number must be between 1 and 10000 (inclusive). Actual value was: ${partNumber}`);
  }
}

export const hashAlgorithms = [
  { field: "md5", name: "MD5", node: "md5", bytes: 16 },
  { field: "sha1", name: "SHA-1", node: "sha1", bytes: 20 },
  { field: "sha256", name: "SHA-256", node: "sha256", bytes: 32 },
  { field: "sha384", name: "SHA-384", node: "sha384", bytes: 48 },
  { field: "sha512", name: "SHA-512", node: "sha512", bytes: 64 },
] as const;

export type HashField = (typeof hashAlgorithms)[number]["field"];

/** The one checksum a put may carry, as lowercase hex, checked the way workerd checks it. */
export function resolveChecksum(options: Partial<Record<HashField, unknown>>): { field: HashField; hex: string } | null {
  let found: { field: HashField; hex: string } | null = null;
  for (const { field, name, bytes } of hashAlgorithms) {
    const value = options[field];
    if (value === undefined) continue;
    if (found) throw new TypeError("You cannot specify multiple hashing algorithms.");
    if (typeof value === "string") {
      if (value.length !== bytes * 2) throw new TypeError(`${name} is ${bytes * 2} hex characters, not ${value.length}`);
      if (!/^[0-9a-fA-F]*$/.test(value)) throw new TypeError(`Provided ${name} wasn't a valid hex string`);
      found = { field, hex: value.toLowerCase() };
    } else {
      const view = ArrayBuffer.isView(value)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : new Uint8Array(value as ArrayBuffer);
      if (view.byteLength !== bytes) throw new TypeError(`${name} is ${bytes} bytes, not ${view.byteLength}`);
      found = { field, hex: Buffer.from(view).toString("hex") };
    }
  }
  return found;
}
