/** A first session per variant: every route of the app once, so the run shows what works where. */
import { firstLine, get } from "../http.mjs";
import { attempt, withServer } from "../serve.mjs";

const routes = ["/", "/kv", "/d1", "/json"];

export async function checkRoutes(order) {
  const statuses = {};
  for (const variant of order) {
    const result = await attempt(`route check of ${variant.name}`, () =>
      withServer(variant, async (server) => {
        const seen = {};
        for (const route of routes) {
          const res = await get(`${server.url}${route}`);
          seen[route] = { status: res.status, body: firstLine(res.body) };
        }
        return seen;
      }),
    );
    statuses[variant.name] = result.ok ? result.value : { error: result.reason };
  }
  return statuses;
}

/** Markdown table: route x variant -> status and the start of the body. */
export function renderRoutes(statuses, order) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const rows = routes.map((route) =>
    line([
      `\`${route}\``,
      ...order.map((v) => {
        const s = statuses[v.name];
        if (!s || s.error) return `not started: ${s?.error ?? "skipped"}`;
        const body = s[route].body.replaceAll("|", "\\|").slice(0, 70);
        return `${s[route].status} \`${body}\``;
      }),
    ]),
  );
  return [line(["route", ...order.map((v) => v.label)]), line(["---", ...order.map(() => "---")]), ...rows].join("\n");
}
