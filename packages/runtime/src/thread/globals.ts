/** Workers globals that Node lacks or that differ from workerd's. */
import { URLPattern as URLPatternPolyfill } from "urlpattern-polyfill";
import { installWebSocketGlobals } from "./install-web-sockets.js";
import { installOwnedTimers } from "./owned-timers.js";

export function installGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  installOwnedTimers(g);
  const navigator = (g.navigator ?? {}) as Record<string, unknown>;
  Object.defineProperty(navigator, "userAgent", { value: "Cloudflare-Workers", configurable: true });
  if (!("navigator" in g)) Object.defineProperty(g, "navigator", { value: navigator, configurable: true, writable: true });

  g.scheduler = {
    wait(delay: number, options?: { signal?: AbortSignal }): Promise<void> {
      return new Promise((resolve, reject) => {
        const signal = options?.signal;
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, delay);
        signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    },
  };
  g.URLPattern ??= URLPatternPolyfill;
  installWebSocketGlobals(g);
}

/** undici's Request/Response load lazily: the first request in a fresh thread cost 23–40 ms. */
export async function warmFetchClasses(): Promise<void> {
  const request = new Request("http://localhost/", { method: "POST", body: "x", headers: { a: "b" } });
  await request.text();
  await new Response("x", { headers: [["set-cookie", "a=1"]] }).arrayBuffer();
  new AbortController().abort();
  await new Response(new ReadableStream({ pull: (c) => c.close() })).arrayBuffer();
}
