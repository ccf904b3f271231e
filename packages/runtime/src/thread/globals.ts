/**
 * Workers globals that do not depend on the compatibility settings, installed while the thread
 * boots; the rest of the global scope is shaped at start (scope/install-global-scope.ts).
 */
import { URLPattern as URLPatternPolyfill } from "urlpattern-polyfill";
import { installWebSocketGlobals } from "./install-web-sockets.js";

export function installGlobals(): void {
  const g = globalThis as Record<string, unknown>;
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
