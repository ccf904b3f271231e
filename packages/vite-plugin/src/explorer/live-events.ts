/**
 * /cdn-cgi/local/explorer/api/events: server-sent events for the open explorer page, from every
 * worker of the dev server: "requests" (summaries of new and changed traces, batched, each with its
 * worker) and "generation" (a worker swapped or aborted a generation).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WorkerHost } from "../environment/worker-host.js";

export function streamEvents(hosts: readonly WorkerHost[], req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const state = (host: WorkerHost) => ({ worker: host.config.name, current: host.manager.current?.id ?? null });
  send("hello", { workers: hosts.map(state) });
  const stops = hosts.map((host) => {
    const unsubscribe = host.traces?.subscribe((changed) =>
      send(
        "requests",
        changed.map((trace) => ({ ...trace, worker: host.config.name })),
      ),
    );
    const onChange = () => send("generation", state(host));
    host.swapListeners.add(onChange);
    host.abortListeners.add(onChange);
    return () => {
      unsubscribe?.();
      host.swapListeners.delete(onChange);
      host.abortListeners.delete(onChange);
    };
  });
  // Keeps proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 15_000).unref();
  req.once("close", () => {
    clearInterval(keepAlive);
    for (const stop of stops) stop();
  });
}
