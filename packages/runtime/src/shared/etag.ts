/** ETag lists of `If-Match` / `If-None-Match` headers and their comparison (RFC 9110 section 8.8.3), shared by R2 and the Cache API. */

export type Etag = { type: "wildcard" } | { type: "strong" | "weak"; value: string };

/** `"a", W/"b"` or `*`; throws on a header that is not a list of quoted ETags. */
export function parseEtagList(header: string): Etag[] {
  const out: Etag[] = [];
  const pattern = /\s*(?:(\*)|(W\/)?"([^"]*)")\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < header.length && (match = pattern.exec(header))) {
    if (match[1]) return [{ type: "wildcard" }];
    out.push({ type: match[2] ? "weak" : "strong", value: match[3]! });
  }
  if (pattern.lastIndex < header.length) throw new Error("Invalid conditional header");
  return out;
}

/**
 * Whether `etag` (its value, unquoted) is in `list`. Weak comparison (If-None-Match) matches weak
 * and strong tags; strong comparison (If-Match) only strong ones.
 */
export function includesEtag(list: readonly Etag[], etag: string, weakComparison: boolean): boolean {
  return list.some((e) => e.type === "wildcard" || (e.value === etag && (e.type === "strong" || weakComparison)));
}

/** The value of an `ETag` response header (`"x"` or `W/"x"`), without quotes, or undefined if malformed. */
export function etagValue(header: string): string | undefined {
  return /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(header)?.[1];
}
