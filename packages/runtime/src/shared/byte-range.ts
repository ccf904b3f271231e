/** One `Range: bytes=...` header against a body of `size` bytes (RFC 9110 section 14), shared by R2 and the Cache API. */

export type ByteRange = { offset: number; length: number };

/**
 * The single range a `bytes=` header asks for: a range, "unsatisfiable" (it starts past the end),
 * or undefined when the header is not one well-formed single range (callers then serve the whole body).
 */
export function parseRangeHeader(header: string, size: number): ByteRange | "unsatisfiable" | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Math.min(Number(match[2]), size);
    return suffix === 0 ? "unsatisfiable" : { offset: size - suffix, length: suffix };
  }
  const start = Number(match[1]);
  if (match[2] !== "" && Number(match[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return { offset: start, length: end - start + 1 };
}
