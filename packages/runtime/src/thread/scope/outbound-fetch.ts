/**
 * The worker's `fetch()` to the internet as workerd's local runtime sends it (miniflare's outbound
 * worker, which @cloudflare/vite-plugin runs): a `CF-Worker` header naming the worker's zone,
 * `<worker name>.example.com` locally, and no `CF-Connecting-IP` (which a proxied incoming request
 * carries). https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-worker
 */
export function withWorkerHeaders(outbound: typeof fetch, workerName: string): typeof fetch {
  const zone = `${workerName}.example.com`;
  return function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // A Request, so that a Request passed as `init` (fetch(url, request)) keeps its method and body.
    const request = new Request(input, init);
    request.headers.delete("cf-connecting-ip");
    request.headers.set("cf-worker", zone);
    return outbound(request);
  };
}
