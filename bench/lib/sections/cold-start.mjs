/** Cold start: spawn of `vite dev` -> first 200 on `/`, caches kept; then once with Vite's cache dir deleted. */
import fs from "node:fs";
import { cacheDirOf } from "../apps.mjs";
import { attempt, withServer } from "../serve.mjs";
import { settings } from "../settings.mjs";
import { Metric } from "../stats.mjs";

export async function coldStart(order) {
  const total = new Metric("cold.start", "cold start: spawn -> first 200 on /", "ms");
  const listen = new Metric("cold.listen", "  of which: spawn -> port open", "ms");
  const noCache = new Metric("cold.nocache", "cold start, Vite cache dir deleted", "ms");
  const run = (variant, metric) =>
    attempt(`cold start of ${variant.name}`, () => withServer(variant, (_server, timings) => timings)).then((r) => {
      if (!r.ok) return metric?.fail(variant.name, r.reason);
      metric?.add(variant.name, r.value.firstOkMs);
      if (metric === total) listen.add(variant.name, r.value.listenMs);
    });

  // One unrecorded start per variant fills Vite's cache (and the OS page cache) first.
  for (const variant of order) await run(variant, undefined);
  for (let i = 0; i < settings.coldRuns; i++) {
    for (const variant of order) await run(variant, total);
    console.log(`[bench] cold start ${i + 1}/${settings.coldRuns}`);
  }
  for (const variant of order) {
    fs.rmSync(cacheDirOf(variant), { recursive: true, force: true });
    await run(variant, noCache);
  }
  return [total, listen, noCache];
}
