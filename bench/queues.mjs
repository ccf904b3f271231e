// Queue benchmark: messages per second through the broker under a real `vite dev` (messages
// persisted in a temp dir, fsync on every write): sendBatch of 100 from a fetch handler, delivered
// to queue() in batches, acknowledged. Measured from the first send to the last delivery.
// Usage: pnpm build && node bench/queues.mjs [--messages=N]
import { startKindlingApp } from "./lib/kindling-app.mjs";

const countArg = process.argv.find((arg) => arg.startsWith("--messages="));
const total = countArg ? Number(countArg.slice(11)) : 10_000;

const worker = `
const delivered = { count: 0, batches: 0 };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/stats") return Response.json(delivered);
    const n = Number(url.searchParams.get("n"));
    const queue = env[url.searchParams.get("queue")];
    const start = performance.now();
    for (let i = 0; i < n; i += 100) {
      await queue.sendBatch(Array.from({ length: Math.min(100, n - i) }, (_, j) => ({ body: { i: i + j, payload: "x".repeat(100) } })));
    }
    return Response.json({ ms: performance.now() - start });
  },
  async queue(batch) {
    delivered.count += batch.messages.length;
    delivered.batches++;
  },
};`;

const consumers = [
  { binding: "BIG", queue: "big-batches", settings: { max_batch_size: 100, max_batch_timeout: 0 } },
  { binding: "DEFAULTS", queue: "default-batches", settings: { max_batch_timeout: 0 } },
  { binding: "SERIAL", queue: "serial", settings: { max_batch_size: 100, max_batch_timeout: 0, max_concurrency: 1 } },
];

const app = await startKindlingApp({
  name: "queues-bench",
  worker,
  wrangler: {
    queues: {
      producers: consumers.map(({ binding, queue }) => ({ binding, queue })),
      consumers: consumers.map(({ queue, settings }) => ({ queue, ...settings })),
    },
  },
});
try {
  const stats = async () => (await fetch(`${app.url}/stats`)).json();
  console.log(`node ${process.version}, ${new Date().toISOString()}, ${total} messages of ~120 bytes (JSON) per run`);
  for (const { binding, queue, settings } of consumers) {
    const label = `${queue} (${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")})`;
    for (const run of [0, 1]) {
      const before = await stats();
      const start = performance.now();
      const sent = await (await fetch(`${app.url}/?queue=${binding}&n=${total}`)).json();
      let now = before;
      while (now.count - before.count < total) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        now = await stats();
      }
      const ms = performance.now() - start;
      const perSecond = Math.round((total / ms) * 1000);
      const batches = now.batches - before.batches;
      console.log(
        `${run === 0 ? "warm-up " : "measured"} ${label.padEnd(72)} ${String(perSecond).padStart(6)} msg/s delivered ` +
          `(${ms.toFixed(0)} ms; sends took ${sent.ms.toFixed(0)} ms; ${batches} batches)`,
      );
    }
  }
} finally {
  await app.stop();
}
