// Durable Object benchmark: RPC calls into one object and its storage writes, operations per second
// measured inside a worker under a real `vite dev` (persisted state in a temp dir, fsync on every write).
// Usage: pnpm build && node bench/durable-objects.mjs [--ops=N]
import { startKindlingApp } from "./lib/kindling-app.mjs";

const opsArg = process.argv.find((arg) => arg.startsWith("--ops="));
const scale = opsArg ? Number(opsArg.slice(6)) : 1;

const worker = `
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  n = 0;
  bump() { return ++this.n; }
  async bumpAwaiting() { await Promise.resolve(); await Promise.resolve(); return ++this.n; }
  put(i) { this.ctx.storage.kv.put("k" + (i % 100), i); }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n"));
    const op = url.searchParams.get("op");
    const stub = env.COUNTER.getByName("bench");
    const run = {
      "rpc-call": () => stub.bump(),
      "rpc-call-awaits": () => stub.bumpAwaiting(),
      "storage-put": (i) => stub.put(i),
    }[op];
    const start = performance.now();
    for (let i = 0; i < n; i++) await run(i);
    return Response.json({ op, n, ms: performance.now() - start });
  },
};`;

const app = await startKindlingApp({
  name: "do-bench",
  worker,
  wrangler: {
    durable_objects: { bindings: [{ name: "COUNTER", class_name: "Counter" }] },
    migrations: [{ tag: "v1", new_sqlite_classes: ["Counter"] }],
  },
});
try {
  const url = app.url;
  const measure = async (op, n) => (await (await fetch(`${url}/?op=${op}&n=${n}`)).json()).ms;
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const [op, n] of [
    ["rpc-call", 5000],
    ["rpc-call-awaits", 5000],
    ["storage-put", 2000],
  ]) {
    const count = Math.max(1, Math.round(n * scale));
    await measure(op, Math.max(1, Math.round(count / 10))); // warm up
    const ms = await measure(op, count);
    console.log(
      `${op.padEnd(16)} ${String(Math.round((count / ms) * 1000)).padStart(7)} ops/s  (${count} ops in ${ms.toFixed(0)} ms)`,
    );
  }
} finally {
  await app.stop();
}
