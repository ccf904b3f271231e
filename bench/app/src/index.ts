// @ts-nocheck -- bench app code, typed by the Workers runtime, not by this repo
import { middle } from "./lib/middle";

const entryVersion = "entry-1";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/":
        return new Response(`${entryVersion} ${middle}`);
      case "/kv": {
        const key = `key-${Math.floor(Math.random() * 100)}`;
        await env.KV.put(key, url.search || "value");
        return new Response(await env.KV.get(key));
      }
      case "/d1": {
        const row = await env.DB.prepare("SELECT ?1 + 1 AS answer").bind(41).first();
        return Response.json(row);
      }
      case "/outbound": {
        // An outbound fetch() to the loopback server named by ?url= (bench/outbound.mjs).
        const response = await fetch(url.searchParams.get("url"));
        return new Response(await response.text());
      }
      case "/json":
        return Response.json({ greeting: env.GREETING, middle, time: Date.now() });
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
