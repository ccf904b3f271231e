import type { Route } from "../router.js";
import { html, layout } from "../lib/layout.js";
import type { Delivery, Task } from "../queue-consumer.js";

const modes: Task["mode"][] = ["ok", "flaky", "broken"];

/** A form that enqueues tasks, and what the consumer did with them (deliveries, retries, dead letters). */
export const queueRoutes: Route[] = [
  {
    path: "/queues",
    method: "GET",
    title: "Queues: enqueue tasks, watch deliveries, retries and the dead-letter queue",
    handler: async ({ env }) => {
      const listed = await env.KV.list({ prefix: "queues/" });
      const deliveries = (await Promise.all(listed.keys.map((key) => env.KV.get<Delivery>(key.name, "json"))))
        .filter((delivery): delivery is Delivery => delivery !== null)
        .toReversed()
        .slice(0, 50);
      const metrics = await env.TASKS.metrics();
      const rows = deliveries
        .map(
          (d) =>
            `<tr><td>${d.at.slice(11, 19)}</td><td>${d.queue}</td><td>${escape(d.task.name)}</td><td>${d.task.mode}</td>` +
            `<td>${d.attempts}</td><td class="${d.outcome.replace(/ /g, "-")}">${d.outcome}</td></tr>`,
        )
        .join("\n");
      return html(
        layout(
          "Queues",
          `<form method="post" action="/api/queues/send">
  <label>Task <input name="name" value="task ${Math.floor(Math.random() * 1000)}" /></label>
  <label>Mode <select name="mode">${modes.map((m) => `<option>${m}</option>`).join("")}</select></label>
  <label>Delay (s) <input name="delay" type="number" min="0" max="86400" value="0" /></label>
  <label>Copies <input name="copies" type="number" min="1" max="100" value="1" /></label>
  <button type="submit">Enqueue</button>
</form>
<p>"ok" is acknowledged; "flaky" asks for a retry on its first attempt; "broken" throws until it lands in the
dead-letter queue (<code>max_retries: 2</code>, <code>retry_delay: 2</code>). Batches wait up to 1 s to fill.</p>
<p id="backlog">Backlog of <code>playground-tasks</code>: ${metrics.backlogCount} message(s), ${metrics.backlogBytes} bytes.</p>
<table>
  <thead><tr><th>time</th><th>queue</th><th>task</th><th>mode</th><th>attempt</th><th>outcome</th></tr></thead>
  <tbody>${rows || '<tr><td colspan="6">No deliveries yet: enqueue a task and reload.</td></tr>'}</tbody>
</table>`,
        ),
      );
    },
  },
  {
    path: "/api/queues/send",
    method: "POST",
    handler: async ({ request, env }) => {
      const form = await request.formData();
      const task: Task = {
        name: String(form.get("name") ?? "task"),
        mode: modes.find((mode) => mode === form.get("mode")) ?? "ok",
      };
      const delaySeconds = Number(form.get("delay") ?? 0);
      const copies = Math.min(100, Math.max(1, Number(form.get("copies") ?? 1)));
      await env.TASKS.sendBatch(
        Array.from({ length: copies }, (_, i) => ({ body: copies === 1 ? task : { ...task, name: `${task.name} #${i + 1}` } })),
        { delaySeconds },
      );
      return new Response(null, { status: 303, headers: { location: "/queues" } });
    },
  },
];

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
