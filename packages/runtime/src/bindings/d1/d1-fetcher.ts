/**
 * `env.DB.fetcher`: in workerd the binding's service, a `Fetcher` speaking D1's internal protocol
 * (HTTP `/query` and `/execute`, or JSRPC `query`), which Cloudflare documents as internal only.
 * Kindling runs D1 in-process and has no such service: its methods say so.
 */
import { Fetcher } from "../../rpc/fetcher.js";
import { notImplemented } from "../../shared/not-implemented.js";

export function createD1Fetcher(): object {
  return Object.create(Fetcher.prototype, {
    fetch: { value: () => notImplemented("D1Database.fetcher.fetch (D1's internal protocol)") },
    connect: { value: () => notImplemented("D1Database.fetcher.connect") },
    query: { value: () => notImplemented("D1Database.fetcher.query (D1's internal protocol)") },
  }) as object;
}
