import { message, renderPage } from "./lib/render.js";
import { d1Route } from "./routes/d1.js";

interface Env {
  GREETING: string;
  DB: D1Database;
}

let requests = 0;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    requests++;
    if (url.pathname === "/api/info") {
      return Response.json({ message, requests, greeting: env.GREETING, userAgent: navigator.userAgent });
    }
    if (url.pathname === "/api/d1") return d1Route(request, env.DB);
    if (url.pathname === "/") {
      return new Response(renderPage(env.GREETING), { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
