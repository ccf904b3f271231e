/** `onlyIf` preconditions, from an R2Conditional object or from request Headers (RFC 7232 semantics). */
import { includesEtag, parseEtagList, type Etag } from "../../shared/etag.js";

export interface Conditional {
  etagMatches?: Etag[];
  etagDoesNotMatch?: Etag[];
  uploadedBefore?: number;
  uploadedAfter?: number;
  secondsGranularity: boolean;
}

interface ConditionalInput {
  etagMatches?: string;
  etagDoesNotMatch?: string;
  uploadedBefore?: Date;
  uploadedAfter?: Date;
  secondsGranularity?: boolean;
}

export function parseConditional(input: ConditionalInput | Headers | undefined): Conditional | undefined {
  if (input === undefined || input === null) return undefined;
  if (input instanceof Headers) return fromHeaders(input);
  const single = (value: string | undefined): Etag[] | undefined => {
    if (value === undefined) return undefined;
    value = String(value);
    if (value.startsWith('"') && value.endsWith('"')) {
      throw new TypeError(`Conditional ETag should not be wrapped in quotes (${value}).`);
    }
    return [value === "*" ? { type: "wildcard" } : { type: "strong", value }];
  };
  return {
    etagMatches: single(input.etagMatches),
    etagDoesNotMatch: single(input.etagDoesNotMatch),
    uploadedBefore: input.uploadedBefore?.getTime(),
    uploadedAfter: input.uploadedAfter?.getTime(),
    secondsGranularity: input.secondsGranularity ?? false,
  };
}

function fromHeaders(headers: Headers): Conditional {
  const date = (name: string) => {
    const value = headers.get(name);
    return value === null ? undefined : Date.parse(value);
  };
  const etags = (name: string) => {
    const value = headers.get(name);
    return value === null ? undefined : parseEtagList(value);
  };
  return {
    etagMatches: etags("if-match"),
    etagDoesNotMatch: etags("if-none-match"),
    uploadedAfter: date("if-modified-since"),
    uploadedBefore: date("if-unmodified-since"),
    secondsGranularity: true,
  };
}

/** True when the precondition holds for the current object (or for no object). */
export function testConditional(cond: Conditional, current: { etag: string; uploaded: number } | undefined): boolean {
  if (!current) return cond.etagMatches === undefined && cond.uploadedAfter === undefined;
  const truncate = (ms: number) => (cond.secondsGranularity ? Math.floor(ms / 1000) * 1000 : ms);
  const uploaded = truncate(current.uploaded);
  const ifMatch = cond.etagMatches === undefined || includesEtag(cond.etagMatches, current.etag, false);
  const ifNoneMatch = cond.etagDoesNotMatch === undefined || !includesEtag(cond.etagDoesNotMatch, current.etag, true);
  // As in RFC 7232 section 6: an ETag condition that was evaluated takes precedence over the date.
  const ifModifiedSince =
    cond.uploadedAfter === undefined ||
    truncate(cond.uploadedAfter) < uploaded ||
    (cond.etagDoesNotMatch !== undefined && ifNoneMatch);
  const ifUnmodifiedSince =
    cond.uploadedBefore === undefined || uploaded < truncate(cond.uploadedBefore) || (cond.etagMatches !== undefined && ifMatch);
  return ifMatch && ifNoneMatch && ifModifiedSince && ifUnmodifiedSince;
}
