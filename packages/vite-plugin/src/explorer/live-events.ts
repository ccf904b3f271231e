/**
 * /cdn-cgi/local/explorer/api/events: server-sent events for the open explorer page: "requests"
 * (summaries of new and changed traces, batched) and "generation" (a swap happened).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WorkerHost } from "../environment/worker-host.js";

export function streamEvents(host: WorkerHost, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("hello", { current: host.manager.current?.id ?? null });
  const unsubscribe = host.traces?.subscribe((changed) => send("requests", changed));
  const onSwap = () => send("generation", { current: host.manager.current?.id ?? null });
  host.swapListeners.add(onSwap);
  const onAborted = () => send("generation", { current: host.manager.current?.id ?? null });
  host.abortListeners.add(onAborted);
  // Keeps proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 15_000).unref();
  req.once("close", () => {
    clearInterval(keepAlive);
    unsubscribe?.();
    host.swapListeners.delete(onSwap);
    host.abortListeners.delete(onAborted);
  });
}
