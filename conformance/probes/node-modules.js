/**
 * Which `node:*` modules load (with and without nodejs_compat, per compatibility date) and, for the
 * common ones, what they export.
 */
export const area = "nodejs_compat";

// Static specifiers: a bundler (both plugins use Vite) must see them to resolve them.
const modules = {
  "node:assert": () => import("node:assert"),
  "node:async_hooks": () => import("node:async_hooks"),
  "node:buffer": () => import("node:buffer"),
  "node:child_process": () => import("node:child_process"),
  "node:cluster": () => import("node:cluster"),
  "node:console": () => import("node:console"),
  "node:crypto": () => import("node:crypto"),
  "node:dgram": () => import("node:dgram"),
  "node:diagnostics_channel": () => import("node:diagnostics_channel"),
  "node:dns": () => import("node:dns"),
  "node:events": () => import("node:events"),
  "node:fs": () => import("node:fs"),
  "node:fs/promises": () => import("node:fs/promises"),
  "node:http": () => import("node:http"),
  "node:https": () => import("node:https"),
  "node:http2": () => import("node:http2"),
  "node:module": () => import("node:module"),
  "node:net": () => import("node:net"),
  "node:os": () => import("node:os"),
  "node:path": () => import("node:path"),
  "node:perf_hooks": () => import("node:perf_hooks"),
  "node:process": () => import("node:process"),
  "node:querystring": () => import("node:querystring"),
  "node:readline": () => import("node:readline"),
  "node:stream": () => import("node:stream"),
  "node:stream/web": () => import("node:stream/web"),
  "node:string_decoder": () => import("node:string_decoder"),
  "node:timers": () => import("node:timers"),
  "node:tls": () => import("node:tls"),
  "node:tty": () => import("node:tty"),
  "node:url": () => import("node:url"),
  "node:util": () => import("node:util"),
  "node:v8": () => import("node:v8"),
  "node:vm": () => import("node:vm"),
  "node:worker_threads": () => import("node:worker_threads"),
  "node:zlib": () => import("node:zlib"),
  "node:sqlite": () => import("node:sqlite"),
  "path (no node: prefix)": () => import("path"),
  "events (no node: prefix)": () => import("events"),
};

/** Modules whose export list is worth comparing (the rest: whether they load). */
const detailed = new Set([
  "node:buffer",
  "node:events",
  "node:path",
  "node:util",
  "node:async_hooks",
  "node:process",
  "node:fs",
  "node:http",
  "node:https",
  "node:crypto",
  "node:os",
  "node:stream",
]);

export function probes() {
  const table = {};
  for (const [name, load] of Object.entries(modules)) {
    table[`import ${name}`] = async () => ((await load()) ? "loaded" : "empty");
    if (detailed.has(name)) table[`exports of ${name}`] = async () => Object.keys(await load()).toSorted();
  }
  return table;
}
