/**
 * Header names with characters outside ASCII, which workerd accepts and undici refuses. workerd
 * checks only the ASCII characters of a name (they must be token characters), keeps the name's
 * UTF-8 bytes, and compares and lists names by a key lowered by its byte-wise SWAR routine
 * (src/workerd/util/strings.c++), which also flips bit 5 of the bytes 0xC1-0xDA (UTF-8 lead bytes):
 * listed names are that key decoded as UTF-8, so most such characters read back as U+FFFD.
 *
 * undici holds such a header under a stand-in token name that carries the key's bytes.
 */
import { Buffer } from "node:buffer";

const standInPrefix = "kindling-wide-name-";
const asciiToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const decoder = new TextDecoder();

/** True for a name workerd accepts and undici refuses: some non-ASCII character, only token characters else. */
export function isWideHeaderName(name: string): boolean {
  let wide = false;
  for (const char of name) {
    if (char.charCodeAt(0) > 0x7f) wide = true;
    else if (!asciiToken.test(char)) return false;
  }
  return wide;
}

/** The token name undici holds a wide-named header under. */
export function toStandInName(name: string): string {
  return standInPrefix + Buffer.from(headerKey(name)).toString("hex");
}

export function isStandInName(name: string): boolean {
  return name.startsWith(standInPrefix);
}

/** The bytes workerd keys and sends the header by (as a latin1 string), for a stand-in name. */
export function standInBytes(name: string): string {
  return Buffer.from(name.slice(standInPrefix.length), "hex").toString("latin1");
}

/** The name workerd lists for a stand-in name: its key read as UTF-8. */
export function standInDisplayName(name: string): string {
  return decoder.decode(Buffer.from(name.slice(standInPrefix.length), "hex"));
}

/** workerd's key for a name: its UTF-8 bytes (a lone surrogate as its own three bytes), lowered. */
function headerKey(name: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    const next = name.charCodeAt(i + 1);
    if (code >= 0xd800 && code < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(bytes, (byte) =>
    (byte >= 0x41 && byte <= 0x5a) || (byte >= 0xc1 && byte <= 0xda) ? byte ^ 0x20 : byte,
  );
}

/** How workerd orders listed names: by their keys' bytes (a stand-in's key, or the lowercase name). */
export function compareHeaderNames(a: string, b: string): number {
  return Buffer.compare(sortKey(a), sortKey(b));
}

function sortKey(name: string): Buffer {
  return isStandInName(name) ? Buffer.from(name.slice(standInPrefix.length), "hex") : Buffer.from(name, "latin1");
}
