import type { Route } from "../router.js";
import { html, layout } from "../lib/layout.js";

/** The approval workflow (src/approval-workflow.ts): create requests, approve or reject them, watch their status. */
export const workflowRoutes: Route[] = [
  {
    path: "/workflows",
    method: "GET",
    title: "Workflow: approve or reject a request",
    handler: async ({ env }) => {
      const ids = ((await env.KV.get<string[]>("approval:ids", "json")) ?? []).slice(-10).toReversed();
      const rows = await Promise.all(
        ids.map(async (id) => {
          const { status } = await (await env.APPROVAL.get(id)).status();
          return `<li><a href="/workflows/${id}"><code>${id}</code></a> <span class="status">${status}</span></li>`;
        }),
      );
      return html(
        layout(
          "Workflow: approve or reject",
          `<form method="post" action="/workflows">
  <label>What for <input name="title" value="New laptop" required /></label>
  <label>Amount <input name="amount" type="number" value="1200" /></label>
  <button type="submit">Request approval</button>
</form>
<p>Each request is a Workflow instance: it records the request, waits for a decision, then pays after a
five-second cooling-off. An amount of 0 fails its first step with a <code>NonRetryableError</code>.</p>
<h2>Latest requests</h2>
<ul id="requests">${rows.join("\n") || "<li>None yet.</li>"}</ul>`,
        ),
      );
    },
  },
  {
    path: "/workflows",
    method: "POST",
    handler: async ({ request, env }) => {
      const form = await request.formData();
      const instance = await env.APPROVAL.create({
        params: { title: String(form.get("title") ?? ""), amount: Number(form.get("amount") ?? 0) },
      });
      const ids = (await env.KV.get<string[]>("approval:ids", "json")) ?? [];
      await env.KV.put("approval:ids", JSON.stringify([...ids, instance.id].slice(-50)));
      return Response.redirect(new URL(`/workflows/${instance.id}`, request.url).href, 303);
    },
  },
  {
    path: "/workflows/:id",
    method: "GET",
    handler: async ({ env, params }) => {
      const id = params.id!;
      const status = await (await env.APPROVAL.get(id)).status();
      const open = !["complete", "errored", "terminated"].includes(status.status);
      const button = (action: string, label: string) =>
        `<form method="post" action="/workflows/${id}/${action}"><button type="submit">${label}</button></form>`;
      return html(
        layout(
          `Request ${id.slice(0, 8)}`,
          `${open ? '<meta http-equiv="refresh" content="2" />' : ""}
<p>Status: <strong id="status">${status.status}</strong>${open ? " (this page refreshes every 2 s)" : ""}</p>
<pre id="details">${escapeHtml(JSON.stringify(status, null, 2))}</pre>
<div class="actions">
  ${button("approve", "Approve")} ${button("reject", "Reject")}
  ${button("pause", "Pause")} ${button("resume", "Resume")} ${button("terminate", "Terminate")} ${button("restart", "Restart")}
</div>
<p><a href="/workflows">All requests</a></p>`,
        ),
      );
    },
  },
  {
    path: "/workflows/:id/:action(approve|reject|pause|resume|terminate|restart)",
    method: "POST",
    handler: async ({ request, env, params }) => {
      const instance = await env.APPROVAL.get(params.id!);
      const action = params.action!;
      if (action === "approve" || action === "reject") {
        await instance.sendEvent({ type: "decision", payload: { approved: action === "approve", by: "the playground" } });
      } else {
        await instance[action as "pause" | "resume" | "terminate" | "restart"]();
      }
      return Response.redirect(new URL(`/workflows/${params.id}`, request.url).href, 303);
    },
  },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
