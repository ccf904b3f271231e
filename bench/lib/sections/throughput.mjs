/** Throughput: autocannon, N connections, a warm-up run then a measured run, on `/` and `/kv`. */
import autocannon from "autocannon";
import { groupCpuMs } from "../dev-server.mjs";
import { get, firstLine } from "../http.mjs";
import { attempt, withServer } from "../serve.mjs";
import { settings } from "../settings.mjs";
import { Metric } from "../stats.mjs";

const routes = ["/", "/kv"];

export async function throughput(order, reference) {
  const metrics = {};
  for (const route of routes) {
    metrics[route] = {
      rps: new Metric(`rps.${route}`, `throughput ${route}`, "req/s", { better: "higher" }),
      p50: new Metric(`p50.${route}`, `  latency p50 ${route}`, "ms", { digits: 1 }),
      p99: new Metric(`p99.${route}`, `  latency p99 ${route}`, "ms", { digits: 1 }),
      cpu: new Metric(`cpu.${route}`, `  server CPU per request ${route}`, "ms", { digits: 3 }),
    };
  }
  const failAll = (variant, reason, only = routes) => {
    for (const route of only) for (const metric of Object.values(metrics[route])) metric.fail(variant.name, reason);
  };
  for (let round = 0; round < Math.max(1, settings.throughputRounds); round++) {
    for (const variant of [...order, reference]) {
      const variantRoutes = variant === reference ? ["/"] : routes;
      const result = await attempt(`throughput session of ${variant.name}`, () =>
        withServer(variant, async (server) => {
          for (const route of variantRoutes) {
            const outcome = await measure(server, route);
            if (outcome.na) failAll(variant, outcome.na, [route]);
            else for (const key of ["rps", "p50", "p99", "cpu"]) metrics[route][key].add(variant.name, outcome[key]);
          }
        }),
      );
      if (!result.ok) failAll(variant, result.reason, variantRoutes);
    }
    console.log(`[bench] throughput round ${round + 1}/${settings.throughputRounds}`);
  }
  return routes.flatMap((route) => Object.values(metrics[route]));
}

/**
 * One route: a status check first (an erroring route is n/a, not a benchmark of error pages).
 * CPU per request (all the server's processes and threads) holds up better than req/s when other
 * programs share the cores.
 */
async function measure(server, route) {
  const url = `${server.url}${route}`;
  const check = await get(url);
  if (check.status !== 200) return { na: `HTTP ${check.status}: ${firstLine(check.body)}` };
  const options = { url, connections: settings.connections, pipelining: 1, timeout: 10 };
  if (settings.warmupSeconds > 0) await run({ ...options, duration: settings.warmupSeconds });
  const cpuBefore = groupCpuMs(server.pid);
  const result = await run({ ...options, duration: settings.throughputSeconds });
  const cpu = (groupCpuMs(server.pid) - cpuBefore) / Math.max(1, result.requests.total);
  const bad = result.non2xx + result.errors + result.timeouts;
  const total = result.requests.total + result.errors + result.timeouts;
  if (bad > total * 0.005) return { na: `${bad} of ${total} requests failed or were not 2xx` };
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpu };
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
