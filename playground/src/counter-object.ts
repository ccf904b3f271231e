/**
 * A counter Durable Object: its count lives in SQLite storage and survives edits and restarts;
 * open pages get every new count over a hibernatable WebSocket (`ctx.acceptWebSocket`), which
 * stays open across edits of the worker: the page never reconnects, the next increment wakes
 * the object in the new code. The page's keepalive "ping" is answered without waking it.
 */
import { DurableObject } from "cloudflare:workers";

export interface CounterEnv {
  COUNTER: DurableObjectNamespace<CounterObject>;
}

export class CounterObject extends DurableObject<CounterEnv> {
  constructor(ctx: DurableObjectState, env: CounterEnv) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async count(): Promise<number> {
    return (await this.ctx.storage.get<number>("count")) ?? 0;
  }

  async increment(): Promise<number> {
    const count = (await this.count()) + 1;
    await this.ctx.storage.put("count", count);
    for (const socket of this.ctx.getWebSockets()) socket.send(String(count));
    return count;
  }

  override async fetch(): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.send(String(await this.count()));
    return new Response(null, { status: 101, webSocket: client });
  }
}

/** `/counter` (page), `/counter/live` (WebSocket), `/counter/increment` (POST). */
export async function handleCounter(request: Request, env: CounterEnv): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith("/counter")) return undefined;
  const counter = env.COUNTER.getByName("playground");
  if (url.pathname === "/counter/live") return counter.fetch(request);
  if (url.pathname === "/counter/increment" && request.method === "POST") return Response.json(await counter.increment());
  if (url.pathname === "/counter")
    return new Response(counterPage(await counter.count()), { headers: { "content-type": "text/html; charset=utf-8" } });
  return undefined;
}

function counterPage(count: number): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Durable Object counter</title></head>
  <body>
    <h1>Count: <output id="count">${count}</output></h1>
    <button id="increment">+1</button>
    <p>The count lives in a Durable Object (SQLite storage). Open this page twice: both update live.</p>
    <p>The live socket is hibernatable: edit the worker and it stays open (connected <output id="since"></output>).</p>
    <script type="module">
      const output = document.getElementById("count");
      document.getElementById("increment").onclick = () => fetch("/counter/increment", { method: "POST" });
      function connect() {
        const socket = new WebSocket(location.origin.replace("http", "ws") + "/counter/live");
        const keepalive = setInterval(() => socket.send("ping"), 30_000);
        socket.onopen = () => (document.getElementById("since").textContent = "since " + new Date().toLocaleTimeString());
        socket.onmessage = (event) => event.data !== "pong" && (output.textContent = event.data);
        socket.onclose = () => (clearInterval(keepalive), setTimeout(connect, 500));
      }
      connect();
    </script>
  </body>
</html>`;
}
