import { message, renderPage } from "./lib/render.js";
import { handleStorage, type StorageEnv } from "./storage-routes.js";
import { handleWebSocketEcho, renderWebSocketPage } from "./websocket-echo.js";
import { handleCounter, type CounterEnv } from "./counter-object.js";
export { CounterObject } from "./counter-object.js";

interface Env extends StorageEnv, CounterEnv {
  GREETING: string;
}

let requests = 0;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    requests++;
    const storage = await handleStorage(request, env);
    if (storage) return storage;
    const counter = await handleCounter(request, env);
    if (counter) return counter;
    if (url.pathname === "/api/info") {
      return Response.json({ message, requests, greeting: env.GREETING, userAgent: navigator.userAgent });
    }
    if (url.pathname === "/ws") return renderWebSocketPage();
    if (url.pathname === "/ws/echo") return handleWebSocketEcho(request);
    if (url.pathname === "/") {
      return new Response(renderPage(env.GREETING), { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
