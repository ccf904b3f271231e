import type { Route } from "../router.js";
import { html, layout } from "../lib/layout.js";
import { message } from "../lib/deep/message.js";

export const homeRoutes: Route[] = [
  {
    path: "/",
    method: "GET",
    handler: ({ env, routes }) => {
      const links = routes
        .filter((r) => r.title)
        .map((r) => `<li><a href="${r.path}"><code>${r.path}</code></a> ${r.title}</li>`)
        .join("\n");
      return html(
        layout(
          env.GREETING,
          `<p id="message">${message}</p>
<section>
  <h2>In the browser</h2>
  <p id="client-status">The client script (<code>src/client.ts</code>) has not run yet.</p>
  <button id="ask-worker" type="button">Ask the worker (/api/info)</button>
  <pre id="worker-answer"></pre>
</section>
<section>
  <h2>Look inside</h2>
  <p><a id="explorer-link" href="/cdn-cgi/local/explorer">Local explorer</a>: what the bindings store (KV, R2, D1, Durable Objects),
  the queues' messages and deliveries, the workflows' instances and steps, the generations, and every request of each worker
  (this one and its auxiliary workers) with the binding calls it made and what it logged.</p>
</section>
<section>
  <h2>Routes</h2>
  <ul>${links}</ul>
</section>`,
        ),
      );
    },
  },
];
