/**
 * The `Fetcher` workerd hands a worker as `request.fetcher` of a request it delivers: its `fetch()`
 * sends a subrequest as the global `fetch()` does. One per generation.
 */
import { Fetcher } from "../rpc/fetcher.js";
import { notImplemented } from "../shared/not-implemented.js";

let fetcher: object | undefined;

export function subrequestFetcher(): object {
  fetcher ??= Object.create(Fetcher.prototype, {
    fetch: {
      value: function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
        return globalThis.fetch(input, init);
      },
      writable: true,
      configurable: true,
    },
    connect: { value: () => notImplemented("Fetcher.connect"), writable: true, configurable: true },
  }) as object;
  return fetcher;
}
