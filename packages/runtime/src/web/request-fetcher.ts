/**
 * `request.fetcher`: workerd gives a request it delivers to the worker the Fetcher its subrequests
 * go through; a Request the worker constructs has none (null). (A getter on Request.prototype, see
 * thread/scope/fetch-shape.ts.)
 */
const fetcherOfRequest = new WeakMap<object, object>();

export function requestFetcher(request: object): object | null {
  return fetcherOfRequest.get(request) ?? null;
}

export function setRequestFetcher(request: object, fetcher: object | null): void {
  if (fetcher === null) fetcherOfRequest.delete(request);
  else fetcherOfRequest.set(request, fetcher);
}
