/** `range` of `R2Bucket.get`: an `{ offset, length }` / `{ suffix }` object or a Headers `Range`. */
import { r2Error } from "./validate.js";

export interface RangeInput {
  offset?: number;
  length?: number;
  suffix?: number;
}

/** workerd's own argument checks, before the request is sent. */
export function checkRangeArgument(range: RangeInput | Headers | undefined): void {
  if (range === undefined || range === null || range instanceof Headers) return;
  const { offset, length, suffix } = range;
  if (offset !== undefined) {
    if (!(offset >= 0)) throw new RangeError(`Invalid range. Starting offset (${offset}) must be greater than or equal to 0.`);
    if (!Number.isInteger(offset))
      throw new RangeError(`Invalid range. Starting offset (${offset}) must be an integer, not floating point.`);
  }
  if (length !== undefined) {
    if (!(length >= 0)) throw new RangeError(`Invalid range. Length (${length}) must be greater than or equal to 0.`);
    if (!Number.isInteger(length))
      throw new RangeError(`Invalid range. Length (${length}) must be an integer, not floating point.`);
  }
  if (suffix !== undefined) {
    if (offset !== undefined) throw new TypeError("Suffix is incompatible with offset.");
    if (length !== undefined) throw new TypeError("Suffix is incompatible with length.");
    if (!(suffix >= 0)) throw new RangeError(`Invalid suffix. Suffix (${suffix}) must be greater than or equal to 0.`);
    if (!Number.isInteger(suffix))
      throw new RangeError(`Invalid range. Suffix (${suffix}) must be an integer, not floating point.`);
  }
}

/** The byte range `{ offset, length }` to return, or undefined for the whole object. */
export function resolveRange(
  range: RangeInput | Headers | undefined,
  size: number,
): { offset: number; length: number } | undefined {
  if (range === undefined || range === null) return undefined;
  if (range instanceof Headers) {
    const header = range.get("range");
    return header === null ? undefined : parseRangeHeader(header, size);
  }
  let { offset, length } = range;
  if (range.suffix !== undefined) {
    if (range.suffix <= 0) throw r2Error("get", "invalidRange");
    const suffix = Math.min(range.suffix, size);
    offset = size - suffix;
    length = suffix;
  }
  offset ??= 0;
  length ??= size - offset;
  if (offset > size || length <= 0) throw r2Error("get", "invalidRange");
  return { offset, length: Math.min(length, size - offset) };
}

/** One `bytes=` range; an invalid or multi-range header means the whole object, as R2 does. */
function parseRangeHeader(header: string, size: number): { offset: number; length: number } | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Math.min(Number(match[2]), size);
    return suffix === 0 ? undefined : { offset: size - suffix, length: suffix };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return undefined;
  return { offset: start, length: end - start + 1 };
}
