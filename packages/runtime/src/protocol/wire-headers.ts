/**
 * A Headers' entries as they go on the wire (to Node's HTTP server or client, another thread, a
 * WebSocket handshake): as undici holds them, so a value above U+00FF, which the worker reads as
 * set (thread/scope/fetch-leniency.ts), leaves as its UTF-8 bytes, as workerd sends it; a name
 * outside ASCII leaves as its bytes too (protocol/wide-header-names.ts).
 */
import { isStandInName, standInBytes } from "./wide-header-names.js";

const entries = Headers.prototype.entries;

export function wireHeaders(headers: Headers): [string, string][] {
  const pairs = [...entries.call(headers)];
  if (!pairs.some(([name]) => isStandInName(name))) return pairs;
  return pairs.map(([name, value]) => [isStandInName(name) ? standInBytes(name) : name, value]);
}
