// Queue benchmark: messages per second through the broker under a real `vite dev` (messages
// persisted in a temp dir, on disk before send() resolves): sendBatch of 100 from one fetch
// handler, or send() of one message from 50 concurrent requests; delivered to queue() in batches
// and acknowledged. Measured from the first send to the last delivery.
// Usage: pnpm build && node bench/queues.mjs [--messages=N]
import { startKindlingApp } from "./lib/kindling-app.mjs";

const countArg = process.argv.find((arg) => arg.startsWith("--messages="));
const total = countArg ? Number(countArg.slice(11)) : 10_000;

const worker = `
const delivered = { count: 0, batches: 0 };
const body = (i) => ({ i, payload: "x".repeat(100) });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/stats") return Response.json(delivered);
    const queue = env[url.searchParams.get("queue")];
    if (url.pathname === "/one") return Response.json(await queue.send(body(0)));
    const n = Number(url.searchParams.get("n"));
    const start = performance.now();
    for (let i = 0; i < n; i += 100) {
      await queue.sendBatch(Array.from({ length: Math.min(100, n - i) }, (_, j) => ({ body: body(i + j) })));
    }
    return Response.json({ ms: performance.now() - start });
  },
  async queue(batch) {
    delivered.count += batch.messages.length;
    delivered.batches++;
  },
};`;

const consumers = {
  BIG: { queue: "big-batches", max_batch_size: 100, max_batch_timeout: 0 },
  DEFAULTS: { queue: "default-batches", max_batch_timeout: 0 },
  SERIAL: { queue: "serial", max_batch_size: 100, max_batch_timeout: 0, max_concurrency: 1 },
};
const scenarios = [
  { how: "sendBatch(100)", binding: "BIG" },
  { how: "sendBatch(100)", binding: "DEFAULTS" },
  { how: "sendBatch(100)", binding: "SERIAL" },
  { how: "send() x 50 requests", binding: "BIG" },
];

const app = await startKindlingApp({
  name: "queues-bench",
  worker,
  wrangler: {
    queues: {
      producers: Object.entries(consumers).map(([binding, { queue }]) => ({ binding, queue })),
      consumers: Object.values(consumers),
    },
  },
});
try {
  console.log(`node ${process.version}, ${new Date().toISOString()}, ${total} messages of ~120 bytes (JSON) per run`);
  for (const { how, binding } of scenarios) {
    const { queue, ...settings } = consumers[binding];
    const label = `${how} -> ${queue} (${Object.entries(settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(", ")})`;
    for (const run of ["warm-up ", "measured"]) {
      const before = await stats();
      const start = performance.now();
      const sent =
        how === "sendBatch(100)"
          ? await (await fetch(`${app.url}/?queue=${binding}&n=${total}`)).json()
          : await sendOneByOne(binding);
      let now = before;
      while (now.count - before.count < total) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        now = await stats();
      }
      const ms = performance.now() - start;
      console.log(
        `${run} ${label.padEnd(88)} ${String(Math.round((total / ms) * 1000)).padStart(6)} msg/s delivered ` +
          `(${ms.toFixed(0)} ms; sends took ${sent.ms.toFixed(0)} ms; ${now.batches - before.batches} batches)`,
      );
    }
  }
} finally {
  await app.stop();
}

async function stats() {
  return (await fetch(`${app.url}/stats`)).json();
}

/** `total` requests that each send one message, 50 at a time. */
async function sendOneByOne(binding) {
  const start = performance.now();
  let next = 0;
  const client = async () => {
    while (next < total) {
      next++;
      const response = await fetch(`${app.url}/one?queue=${binding}`);
      if (!response.ok) throw new Error(`send failed: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, client));
  return { ms: performance.now() - start };
}
