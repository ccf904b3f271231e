// Workflows benchmark: steps per second of the host's workflow engine under a real `vite dev`
// (state persisted in a temp dir, fsync on every write). Each step is a `step.do` returning a small
// value: one engine call to reach it, one to record its result. Also the time a sleep and an event
// take to wake an instance (a replay in the current generation).
// Usage: pnpm build && node bench/workflows.mjs [--scale=N] [--official]
// (--official: the same app under @cloudflare/vite-plugin, whose Miniflare runs Workflows on workerd)
import { groupCpuMs } from "./lib/dev-server.mjs";
import { startKindlingApp } from "./lib/kindling-app.mjs";

const scaleArg = process.argv.find((arg) => arg.startsWith("--scale="));
const scale = scaleArg ? Number(scaleArg.slice(8)) : 1;
const official = process.argv.includes("--official");

const worker = `
import { WorkflowEntrypoint } from "cloudflare:workers";

export class Steps extends WorkflowEntrypoint {
  async run(event, step) {
    let total = 0;
    for (let i = 0; i < event.payload.steps; i++) total += await step.do("step " + i, async () => i);
    if (event.payload.sleep) await step.sleep("nap", 1);
    if (event.payload.wait) await step.waitForEvent("go", { type: "go" });
    return total;
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const q = (name) => url.searchParams.get(name);
    switch (url.pathname) {
      case "/create": {
        const count = Number(q("instances"));
        for (let i = 0; i < count; i += 100) {
          const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => ({
            id: q("tag") + "-" + (i + j),
            params: { steps: Number(q("steps")), sleep: q("sleep") === "1", wait: q("wait") === "1" },
          }));
          await env.STEPS.createBatch(batch);
        }
        return new Response("created");
      }
      case "/first-unfinished": {
        // The index of the first instance not complete yet, checked from "from" on.
        const count = Number(q("count"));
        for (let i = Number(q("from")); i < count; i++) {
          const status = await (await env.STEPS.get(q("tag") + "-" + i)).status();
          if (status.status === "errored") return new Response(JSON.stringify(status), { status: 500 });
          if (status.status !== "complete") return new Response(String(i));
        }
        return new Response(String(count));
      }
      case "/status":
        return new Response((await (await env.STEPS.get(q("id"))).status()).status);
      case "/send":
        await (await env.STEPS.get(q("id"))).sendEvent({ type: "go" });
        return new Response("sent");
    }
    return new Response("not found", { status: 404 });
  },
};`;

const app = await startKindlingApp({
  name: "workflows-bench",
  worker,
  // A date the official plugin's workerd accepts, for both.
  wrangler: { compatibility_date: "2026-10-01", workflows: [{ name: "steps", binding: "STEPS", class_name: "Steps" }] },
  viteConfig: official
    ? `import { cloudflare } from "@cloudflare/vite-plugin";\nexport default { plugins: [cloudflare()] };\n`
    : undefined,
});
let tags = 0;
const text = async (path) => {
  const response = await fetch(app.url + path);
  const body = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body}`);
  return body;
};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * From creating `instances` instances to seeing them all complete (polled from here, every 20 ms):
 * the wall time, and the CPU time of the server's whole process group meanwhile.
 */
async function run(instances, steps, flags = "") {
  const tag = `t${tags++}`;
  const start = performance.now();
  const cpu = groupCpuMs(app.pid);
  await text(`/create?tag=${tag}&instances=${instances}&steps=${steps}${flags}`);
  for (let from = 0; from < instances;) {
    from = Number(await text(`/first-unfinished?tag=${tag}&count=${instances}&from=${from}`));
    if (from < instances) await pause(instances === 1 && steps === 1 ? 1 : 20);
  }
  return { ms: performance.now() - start, cpuMs: groupCpuMs(app.pid) - cpu };
}

async function until(id, status) {
  for (let i = 0; i < 10_000; i++) {
    if ((await text(`/status?id=${id}`)) === status) return;
    await pause(1);
  }
  throw new Error(`${id} never reached ${status}`);
}

try {
  console.log(`${official ? "@cloudflare/vite-plugin" : "Kindling"}, node ${process.version}, ${new Date().toISOString()}`);
  await run(10, 10); // warm up
  for (const [instances, steps] of [
    [1, 500],
    [100, 10],
    [500, 4],
  ]) {
    const n = Math.max(1, Math.round(instances * scale));
    const { ms, cpuMs } = await run(n, steps);
    const total = n * steps;
    console.log(
      `${String(n).padStart(4)} instance(s) x ${String(steps).padStart(3)} steps: ` +
        `${String(Math.round((total / ms) * 1000)).padStart(6)} steps/s  (${total} steps in ${ms.toFixed(0)} ms; ` +
        `server CPU ${((cpuMs / total) * 1000).toFixed(0)} µs/step)`,
    );
  }
  const median = (samples) => samples.toSorted((a, b) => a - b)[Math.floor(samples.length / 2)];
  const sleeps = [];
  const events = [];
  for (let i = 0; i < 10; i++) {
    sleeps.push((await run(1, 1, "&sleep=1")).ms);
    const tag = `t${tags++}`;
    await text(`/create?tag=${tag}&instances=1&steps=1&wait=1`);
    await pause(200); // let it reach the wait (production reports "waiting", the official plugin "running")
    const sent = performance.now();
    await text(`/send?id=${tag}-0`);
    await until(`${tag}-0`, "complete");
    events.push(performance.now() - sent);
  }
  console.log(`create -> complete (1 step, a 1 ms sleep): median ${median(sleeps).toFixed(1)} ms`);
  console.log(`sendEvent -> complete (a waiting instance): median ${median(events).toFixed(1)} ms`);
} finally {
  await app.stop();
}
