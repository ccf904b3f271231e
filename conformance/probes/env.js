/** What `env` holds for every binding kind of the config, including the ones Kindling does not run yet. */
import { env as importedEnv } from "cloudflare:workers";
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: env";

const bindingNames = [
  "CONF_STRING",
  "CONF_NUMBER",
  "CONF_JSON",
  "KV",
  "R2",
  "DB",
  "SQL_OBJECT",
  "KV_OBJECT",
  "PLAIN_OBJECT",
  "EMAIL",
  "EMAIL_RESTRICTED",
  "QUEUE",
  "WORKFLOW",
  "SELF",
  "VERSION",
  "RATE_LIMITER",
  "ANALYTICS",
  "HYPERDRIVE",
  "SECRET",
];

export function probes({ env }) {
  const table = {
    "env keys": () => Object.keys(env).toSorted(),
    "env class": () => className(env),
    "env is frozen": () => Object.isFrozen(env),
    "cloudflare:workers env has the same keys": () =>
      Object.keys(importedEnv).toSorted().join() === Object.keys(env).toSorted().join(),
    "CONF_JSON value": () => env.CONF_JSON,
    "QUEUE keys": () => (env.QUEUE ? allKeys(env.QUEUE) : null),
    "QUEUE.send": async () => env.QUEUE.send({ a: 1 }),
    "QUEUE.sendBatch": async () => env.QUEUE.sendBatch([{ body: "x" }]),
    "WORKFLOW keys": () => (env.WORKFLOW ? allKeys(env.WORKFLOW) : null),
    "WORKFLOW.create": async () => className(await env.WORKFLOW.create({ id: "probe", params: { a: 1 } })),
    "SELF keys": () => (env.SELF ? allKeys(env.SELF) : null),
    "SELF.fetch": async () => (await env.SELF.fetch("http://self/probe/none")).status,
    "VERSION value": () =>
      env.VERSION && { id: typeof env.VERSION.id, tag: env.VERSION.tag, timestamp: typeof env.VERSION.timestamp },
    "RATE_LIMITER.limit": () => env.RATE_LIMITER.limit({ key: "k" }),
    "ANALYTICS.writeDataPoint": () => env.ANALYTICS.writeDataPoint({ indexes: ["a"] }),
    "HYPERDRIVE fields": () =>
      env.HYPERDRIVE && {
        // The local host name carries a random id per start.
        host: env.HYPERDRIVE.host.replace(/^[0-9a-f]{32}\./, "<32 hex>."),
        port: env.HYPERDRIVE.port,
        database: env.HYPERDRIVE.database,
      },
  };
  for (const name of bindingNames) {
    table[`${name}: typeof`] = () => typeof env[name];
    table[`${name}: class`] = () => className(env[name]);
  }
  return table;
}
