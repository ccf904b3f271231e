/** `range` of `R2Bucket.get`: an `{ offset, length }` / `{ suffix }` object or a Headers `Range`. */
import { parseRangeHeader } from "../../shared/byte-range.js";
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
    // An unsatisfiable or malformed header means the whole object, as R2 does.
    const parsed = header === null ? undefined : parseRangeHeader(header, size);
    return parsed === "unsatisfiable" ? undefined : parsed;
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
