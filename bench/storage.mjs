// Storage benchmark: KV get/put and R2 1 MiB put/get, operations per second measured inside a
// worker under a real `vite dev` (persisted state in a temp dir, fsync on every write).
// Usage: pnpm build && node bench/storage.mjs [--ops=N]
import { startKindlingApp } from "./lib/kindling-app.mjs";

const opsArg = process.argv.find((arg) => arg.startsWith("--ops="));
const scale = opsArg ? Number(opsArg.slice(6)) : 1;

const worker = `
const MiB = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
const small = "v".repeat(100);
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n"));
    const op = url.searchParams.get("op");
    const run = {
      "kv-put": (i) => env.KV.put("k" + (i % 100), small),
      "kv-get": (i) => env.KV.get("k" + (i % 100)),
      "r2-put-1MiB": (i) => env.BUCKET.put("o" + (i % 10), MiB),
      "r2-get-1MiB": async (i) => (await env.BUCKET.get("o" + (i % 10))).arrayBuffer(),
    }[op];
    const start = performance.now();
    for (let i = 0; i < n; i++) await run(i);
    return Response.json({ op, n, ms: performance.now() - start });
  },
};`;

const app = await startKindlingApp({
  name: "storage-bench",
  worker,
  wrangler: { kv_namespaces: [{ binding: "KV", id: "bench" }], r2_buckets: [{ binding: "BUCKET", bucket_name: "bench" }] },
});
try {
  const url = app.url;
  const measure = async (op, n) => (await (await fetch(`${url}/?op=${op}&n=${n}`)).json()).ms;
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  for (const [op, n] of [
    ["kv-put", 2000],
    ["kv-get", 20000],
    ["r2-put-1MiB", 200],
    ["r2-get-1MiB", 1000],
  ]) {
    const count = Math.max(1, Math.round(n * scale));
    await measure(op, Math.max(1, Math.round(count / 10))); // warm up
    const ms = await measure(op, count);
    console.log(
      `${op.padEnd(12)} ${String(Math.round((count / ms) * 1000)).padStart(7)} ops/s  (${count} ops in ${ms.toFixed(0)} ms)`,
    );
  }
} finally {
  await app.stop();
}
