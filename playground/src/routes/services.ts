/**
 * The gateway in front of the two auxiliary workers (services/): RPC and a streamed fetch through
 * service bindings, a named entrypoint with props, and a Durable Object of another worker.
 */
import type Greeter from "../../services/greeter/src/index.js";
import type { Inventory, Shelf } from "../../services/inventory/src/index.js";
import { html, layout } from "../lib/layout.js";
import { generation } from "../lib/generation.js";
import type { Route } from "../router.js";

export interface ServicesEnv {
  GREETER: Service<typeof Greeter>;
  INVENTORY: Service<typeof Inventory>;
  SHELF: DurableObjectNamespace<Shelf>;
}

export const servicesRoutes: Route[] = [
  {
    path: "/services",
    title: "Services: a gateway and two auxiliary workers",
    handler: async ({ env }) => {
      const greeting = await env.GREETER.greet("playground");
      const stock = await env.SHELF.getByName("playground").stock();
      return html(
        layout(
          "Services",
          `<p>This page is the main worker (generation ${generation ?? "?"}). Through its <code>GREETER</code> service
          binding, the greeter worker answered <strong>${greeting.text}</strong> (its generation ${greeting.generation}).
          Edit the greeting in <code>services/greeter/src/index.ts</code> and save: only the greeter gets a new
          generation.</p>
          <p><a href="/services/countdown">A countdown</a> streams from the greeter's <code>fetch()</code> through the
          binding, line by line. <a href="/services/shout">The same countdown, shouted</a>: this worker reads it
          and hands the stream to the greeter's <code>shout()</code> over RPC, which streams it back upper-cased (a
          <code>ReadableStream</code> as argument and result, never buffered whole).</p>
          <p>The inventory worker's <code>Inventory</code> entrypoint knows the shop from the props of the
          <code>INVENTORY</code> binding. Shelf of the shop (a Durable Object of the inventory worker, read here through
          a <code>script_name</code> binding): <code id="stock">${JSON.stringify(stock)}</code></p>
          <form method="post" action="/services/restock"><button name="item" value="apples">Restock apples</button>
          <button name="item" value="pears">Restock pears</button></form>`,
        ),
      );
    },
  },
  { path: "/services/countdown", handler: ({ request, env }) => env.GREETER.fetch(request) },
  {
    path: "/services/shout",
    handler: async ({ request, env }) => {
      const countdown = await env.GREETER.fetch(new Request(new URL("/services/countdown?from=5", request.url)));
      const shouted = await env.GREETER.shout(countdown.body!);
      return new Response(shouted, { headers: { "content-type": "text/plain; charset=utf-8" } });
    },
  },
  {
    path: "/services/restock",
    method: "POST",
    handler: async ({ request, env }) => {
      const item = String((await request.formData()).get("item") ?? "apples");
      await env.INVENTORY.restock(item);
      return new Response(null, { status: 303, headers: { location: "/services" } });
    },
  },
];
