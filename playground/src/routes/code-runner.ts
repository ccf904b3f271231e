/**
 * A code runner: the snippet typed in the page runs as a worker of its own through the Worker
 * Loader (`env.LOADER`), in an isolate with no internet (`globalOutbound: null`) whose env is this
 * worker's own `PlaygroundApi` entrypoint, handed in from `ctx.exports`.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { html, layout } from "../lib/layout.js";
import type { Route } from "../router.js";

/** What snippets may call: `env.API.visits()`, `env.API.greet(name)`. */
export class PlaygroundApi extends WorkerEntrypoint<Cloudflare.Env, { runner: string }> {
  greet(name: string): string {
    return `${this.env.GREETING}, ${name}! (from the playground worker, called by ${this.ctx.props.runner})`;
  }

  async visits(): Promise<number> {
    return Number((await this.env.KV.get("visits")) ?? 0);
  }
}

const example = `export default {
  async fetch(request, env) {
    const greeting = await env.API.greet("code runner");
    let internet;
    try { await fetch("https://example.com/"); internet = "reachable"; } catch (error) { internet = error.message; }
    return new Response(greeting + "\\n" + "fetch(): " + internet);
  },
};`;

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(code: string, output?: string): Response {
  return html(
    layout(
      "Code runner",
      `<p>The snippet below runs as a worker of its own through the Worker Loader: its own thread, no access to
      this worker's globals, the host's files or the internet. Its <code>env.API</code> is this worker's
      <code>PlaygroundApi</code> entrypoint (from <code>ctx.exports</code>).</p>
      <form method="post" action="/code-runner"><textarea name="code" rows="12" cols="90">${escape(code)}</textarea>
      <p><button>Run</button></p></form>
      ${output === undefined ? "" : `<h2>Output</h2><pre id="output">${escape(output)}</pre>`}`,
    ),
  );
}

export const codeRunnerRoutes: Route[] = [
  { path: "/code-runner", method: "GET", title: "Code runner (Worker Loader, ctx.exports)", handler: () => page(example) },
  {
    path: "/code-runner",
    method: "POST",
    handler: async ({ request, env, ctx }) => {
      const code = String((await request.formData()).get("code") ?? "");
      const api = (ctx.exports as unknown as { PlaygroundApi(options: { props: { runner: string } }): Fetcher }).PlaygroundApi({
        props: { runner: "the code runner" },
      });
      const worker = env.LOADER.load({
        compatibilityDate: "2026-11-01",
        mainModule: "snippet.js",
        modules: { "snippet.js": code },
        env: { API: api },
        globalOutbound: null,
      });
      try {
        const response = await worker.getEntrypoint().fetch("http://snippet/");
        return page(code, `${response.status}\n${await response.text()}`);
      } catch (error) {
        return page(code, String(error instanceof Error ? error.message : error));
      }
    },
  },
];
