/**
 * One route per kind of worker error, to see Kindling's overlay and terminal output. Evaluation
 * errors need an edit instead of a click: see /errors/evaluation.
 */
import type { Route } from "../router.js";
import { html, layout } from "../lib/layout.js";

interface Order {
  id: string;
  total: number;
}

export const errorRoutes: Route[] = [
  {
    path: "/errors/throw",
    title: "the handler throws",
    handler: () => new Response(`total: ${findOrder("o-404").total}`),
  },
  {
    path: "/errors/reject",
    title: "the handler's promise rejects after an await",
    handler: async () => {
      const order = await loadOrder("o-500");
      return Response.json(order);
    },
  },
  {
    path: "/errors/wait-until",
    title: "a ctx.waitUntil() promise rejects after the response",
    handler: ({ ctx }) => {
      ctx.waitUntil(sendReceipt("o-1"));
      return new Response("Responded; the receipt fails in the background (see the terminal and the overlay on /).");
    },
  },
  {
    path: "/errors/unhandled",
    title: "a promise nobody awaits rejects",
    handler: () => {
      void sendReceipt("o-2");
      return new Response("Responded; an unhandled rejection follows (see the terminal and the overlay on /).");
    },
  },
  {
    path: "/errors/evaluation",
    title: "how to break module evaluation",
    handler: () =>
      html(
        layout(
          "Evaluation errors",
          `<p>These happen while a new generation loads the code, so they take an edit, not a click:</p>
<ol>
  <li>Open <code>playground/src/lib/deep/message.ts</code> and uncomment the <code>throw</code> line
    (a top-level throw), or delete the closing quote of the string (a syntax error).</li>
  <li>Save: every open page of the playground shows the error overlay with the file and line.</li>
  <li>Undo the edit: the pages reload by themselves with the new code.</li>
</ol>
<p>An import of a missing file (<code>import "./nope.js"</code>) or a broken <code>wrangler.jsonc</code> work too.</p>`,
        ),
      ),
  },
];

function findOrder(id: string): Order {
  throw new Error(`Order ${id} was not found.`);
}

async function loadOrder(id: string): Promise<Order> {
  await scheduler.wait(1);
  throw new RangeError(`Order ${id} has a negative total.`);
}

async function sendReceipt(orderId: string): Promise<void> {
  await scheduler.wait(10);
  throw new Error(`The receipt for ${orderId} could not be sent.`);
}
