/**
 * Node.js's globals as workerd has them: none without Node.js compatibility (no `process`,
 * `Buffer`, `global`, `setImmediate`); with `nodejs_compat_v2` those four (a small `process`
 * without `nodejs_compat`); `Performance*` classes only with `nodejs_compat`; `MessageChannel`
 * from compatibility date 2025-08-15; `BroadcastChannel` and Web Storage never. `process.env` is
 * never the host's environment: it holds the worker's vars as strings when `nodejs_compat`
 * populates it (compatibility date 2025-04-01 on), else nothing.
 *
 * Node's own internals (its fetch, streams and timers) read `Buffer`, `global`, `setImmediate` and
 * `clearImmediate` from the global scope: hidden from the worker, they stay there for Node, and
 * each read tells who asks (one frame of stack, ~1 µs; only without nodejs_compat_v2).
 */
import nodeProcess from "node:process";
import type { CompatibilityFlags } from "../../shared/compatibility.js";
import { installNodeCompat } from "../../node-compat/index.js";
import type { WorkersConnect } from "../../node-compat/net-module.js";
import { connect } from "../../web/sockets/connect.js";
import { readerOf } from "./reader.js";

const performanceClasses = [
  "PerformanceEntry",
  "PerformanceMark",
  "PerformanceMeasure",
  "PerformanceObserver",
  "PerformanceObserverEntryList",
  "PerformanceResourceTiming",
];

export function installNodeGlobals(
  g: Record<string, unknown>,
  config: { compatibilityDate: string; compatibilityFlags: readonly string[] },
  flags: CompatibilityFlags,
  vars: Record<string, unknown>,
  /** The worker's fetch leaving response bodies encoded, for `node:http`'s client. */
  httpFetch: typeof fetch,
): void {
  delete g.BroadcastChannel;
  // Web Storage (Node 25+): workerd has none.
  for (const name of ["Storage", "localStorage", "sessionStorage"]) delete g[name];
  if (!flags.nodejs_compat) for (const name of performanceClasses) delete g[name];
  if (!flags.expose_global_message_channel) {
    delete g.MessageChannel;
    delete g.MessagePort;
  }
  // What Vite set in the dev server's process (worker threads start with a copy of its environment).
  const nodeEnv = nodeProcess.env.NODE_ENV ?? "development";
  const env = createEnv(flags.populate_process_env ? vars : {}, nodeEnv);
  // The thread's own process object (Node's internals use it, not this global): its env is the worker's.
  nodeProcess.env = env as NodeJS.ProcessEnv;
  const node = installNodeCompat({ ...config, flags, connect: connect as unknown as WorkersConnect, fetch: httpFetch }, env);
  if (!flags.nodejs_compat_v2) {
    for (const name of ["process", "Buffer", "global", "setImmediate", "clearImmediate"]) hideFromWorker(g, name);
    return;
  }
  g.global = g;
  g.process = node.process;
}

/**
 * `process.env`: values are strings (a var that is not one reads as its JSON), writes too. A
 * dependency in node_modules that reads an unset `NODE_ENV` gets Vite's, as @cloudflare/vite-plugin's
 * define gives the dependencies it pre-bundles.
 */
function createEnv(vars: Record<string, unknown>, nodeEnv: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) values[name] = typeof value === "string" ? value : JSON.stringify(value);
  const get = (target: Record<string, string>, key: string | symbol, receiver: unknown): unknown =>
    key === "NODE_ENV" && !(key in target) && readerOf(get) === "dependency" ? nodeEnv : Reflect.get(target, key, receiver);
  return new Proxy(values, {
    get,
    set: (target, key, value) => Reflect.set(target, key, typeof key === "string" ? String(value) : value),
    defineProperty: (target, key, descriptor) =>
      Reflect.defineProperty(
        target,
        key,
        "value" in descriptor ? { ...descriptor, value: String(descriptor.value) } : descriptor,
      ),
  });
}

/**
 * `name` on the global scope for Node's internals, Vite's runner and the dependencies Node imports
 * natively (resolved as Node.js code, with Node's conditions: react-dom/server is its Node build):
 * the worker's own code reads undefined (or what it assigned itself, e.g. a polyfill), as on workerd.
 */
function hideFromWorker(g: Record<string, unknown>, name: string): void {
  const value = g[name];
  let workerValue: unknown;
  const get = function (): unknown {
    return readerOf(get) === "worker" ? workerValue : value;
  };
  Object.defineProperty(g, name, {
    get,
    set(next: unknown) {
      workerValue = next;
    },
    configurable: true,
    enumerable: false,
  });
}
