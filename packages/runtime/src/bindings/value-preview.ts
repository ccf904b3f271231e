/** How the explorer shows stored bytes: JSON, text, an image, or the first bytes in hex. */
import { Buffer } from "node:buffer";

export interface ValuePreview {
  size: number;
  type: "json" | "text" | "image" | "binary";
  /** JSON (pretty-printed) or text; cut at `textLimit`. */
  text?: string;
  /** An image's bytes, base64, with its MIME type. */
  base64?: string;
  mime?: string;
  /** The first bytes as hex, for binary values. */
  hex?: string;
  /** The value was longer than what is shown. */
  truncated: boolean;
}

const textLimit = 64 * 1024;
const imageLimit = 1024 * 1024;
const hexLimit = 256;
const decoder = new TextDecoder("utf-8", { fatal: true });

const signatures: [mime: string, test: (b: Uint8Array) => boolean][] = [
  ["image/png", (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ["image/jpeg", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["image/gif", (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ["image/webp", (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP"],
];

export function previewValue(bytes: Uint8Array): ValuePreview {
  const size = bytes.byteLength;
  const mime = signatures.find(([, test]) => test(bytes))?.[0];
  if (mime && size <= imageLimit)
    return { size, type: "image", mime, base64: Buffer.from(bytes).toString("base64"), truncated: false };
  const text = decodeText(bytes.subarray(0, textLimit), size > textLimit);
  if (text !== undefined) {
    const truncated = size > textLimit;
    const shown = truncated ? text.slice(0, textLimit) : text;
    if (!truncated) {
      try {
        return { size, type: "json", text: JSON.stringify(JSON.parse(text), null, 2), truncated };
      } catch {
        // not JSON: text
      }
    }
    return { size, type: "text", text: shown, truncated };
  }
  const head = bytes.subarray(0, hexLimit);
  const hex = Buffer.from(head)
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ");
  return { size, type: "binary", hex, ...(mime ? { mime } : {}), truncated: size > hexLimit };
}

/** UTF-8 text without control characters but tab and line breaks; when `cut`, the last character may be cut short. */
function decodeText(bytes: Uint8Array, cut: boolean): string | undefined {
  for (let drop = 0; drop <= (cut ? 3 : 0) && drop <= bytes.byteLength; drop++) {
    try {
      const text = decoder.decode(bytes.subarray(0, bytes.byteLength - drop));
      // oxlint-disable-next-line no-control-regex -- the point is to find control characters
      return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
    } catch {
      // a multi-byte character cut at the end: try a shorter slice
    }
  }
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
