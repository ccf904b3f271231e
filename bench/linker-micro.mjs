/**
 * The thread's part of a reload without a thread or a dev server's noise: one process, the scale
 * app's modules (bench/scale/generate.mjs) fetched once from a real Vite server into a batch, then
 * imported from that batch again and again, alternately by Vite's runner (answers from the batch,
 * compiled chunks: main before the linker) and by a generation's runner with the linker.
 * Usage (after `pnpm build`): node bench/linker-micro.mjs [modules=2000] [rounds=8] [only="linker"|"vite runner"]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createServer } from "vite";
import * as vite from "vite/module-runner";
import { generateApp } from "./scale/generate.mjs";

const runtime = new URL("../packages/runtime/dist/", import.meta.url);
const { fetchKey, fetchModuleCall } = await import(new URL("protocol/module-batch.js", runtime).href);
const { answerFromBatch, receiveModuleBatch } = await import(new URL("thread/module-batch.js", runtime).href);
const { takeCompiled, runCompiled } = await import(new URL("thread/module-chunks.js", runtime).href);
const { createRunner } = await import(new URL("thread/runner.js", runtime).href);

const modules = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 8);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-linker-micro-"));
generateApp(root, modules);
const server = await createServer({
  root,
  configFile: false,
  logLevel: "silent",
  appType: "custom",
  server: { middlewareMode: true, hmr: false, watch: null, ws: false },
});
const environment = server.environments.ssr;
const invoke = (payload) => environment.hot.handleInvoke(payload);

const batch = [];
const first = new vite.ModuleRunner({
  transport: {
    invoke: async (payload) => {
      const answer = await invoke(payload);
      const call = fetchModuleCall(payload);
      if (call && !call.cached) batch.push([fetchKey(call.url, call.importer), answer.result]);
      return answer;
    },
  },
  hmr: false,
  sourcemapInterceptor: false,
});
await first.import("/src/index.ts");
console.log(`${batch.length} fetch answers in the batch`);

const transport = { invoke: (payload) => Promise.resolve(answerFromBatch("ssr", payload) ?? invoke(payload)), connect() {} };
class BatchEvaluator extends vite.ESModulesEvaluator {
  runInlinedModule(context, code, module) {
    const run = module && takeCompiled(module.id, code);
    return run ? runCompiled(vite, context, run) : super.runInlinedModule(context, code);
  }
}
const variants = {
  "vite runner": () =>
    new vite.ModuleRunner({ transport, hmr: { logger: false }, sourcemapInterceptor: false }, new BatchEvaluator()),
  linker: () =>
    createRunner(vite, { compatibilityDate: "2026-11-01", compatibilityFlags: [], environment: "ssr" }, "ssr", transport),
};
const only = process.argv[4];
if (only) for (const name of Object.keys(variants)) if (name !== only) delete variants[name];
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, make] of Object.entries(variants)) {
    receiveModuleBatch({ ssr: { modules: batch } });
    const runner = make();
    const start = process.cpuUsage();
    await runner.import("/src/index.ts");
    const used = process.cpuUsage(start);
    times[name].push((used.user + used.system) / 1000);
    await runner.close();
  }
}
const median = (list) => list.toSorted((a, b) => a - b)[Math.floor(list.length / 2)];
for (const [name, list] of Object.entries(times))
  console.log(
    `${name}: CPU time of the entry's import from the batch, median ${median(list).toFixed(1)} ms (${list.map((t) => t.toFixed(0)).join(", ")})`,
  );
await server.close();
fs.rmSync(root, { recursive: true, force: true });
