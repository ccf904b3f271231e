/**
 * A generation thread's reload in a .cpuprofile (from BENCH_SERVER_NODE_ARGS="--cpu-prof ..."):
 * the window from its `start` to its first fetch, with self time by kind (Vite's module runner,
 * our runtime's code, compilation and module bodies, GC). Usage: node bench/profile-window.mjs <dir or files...>
 * Profiles without both a start and a fetch (Vite's main thread, a standby never used) are skipped.
 */
import fs from "node:fs";
import path from "node:path";

const topAt = process.argv.indexOf("--top");
const top = topAt === -1 ? 0 : Number(process.argv[topAt + 1]);
const args = process.argv.slice(2).filter((arg, i, all) => arg !== "--top" && all[i - 1] !== "--top");
if (args.length === 0) {
  console.error("usage: node bench/profile-window.mjs <dir | file.cpuprofile>...");
  process.exit(1);
}
const files = args.flatMap((arg) =>
  fs.statSync(arg).isDirectory()
    ? fs
        .readdirSync(arg)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(arg, f))
    : [arg],
);

const kinds = [
  ["vite module-runner", (f) => f.url.includes("module-runner.js")],
  [
    "compile + bodies",
    (f) => f.functionName === "runCompiled" || f.url.includes("/src/") || f.url.startsWith("kindling:modules"),
  ],
  // Our thread code (linker, batch, chunk planning), bundled or not.
  ["kindling runtime", (f) => f.url.includes("/runtime/dist/")],
  ["garbage collector", (f) => f.functionName === "(garbage collector)"],
  ["idle", (f) => f.functionName === "(idle)"],
];

const rows = [];
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const has = (id, test) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (test(byId.get(cur).callFrame)) return true;
    return false;
  };
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  const isStart = (f) => f.functionName === "start" && f.url.endsWith("/thread/entry.js");
  const isFetch = (f) =>
    (f.functionName === "runFetch" || f.functionName === "handleFetch") && f.url.endsWith("/thread/entry.js");
  const first = profile.samples.findIndex((id) => has(id, isStart));
  if (first === -1) continue;
  const last = profile.samples.findIndex((id, i) => i > first && has(id, isFetch));
  if (last === -1) continue;
  const self = Object.fromEntries(kinds.map(([name]) => [name, 0]));
  let busy = 0;
  const byFunction = new Map();
  for (let i = first; i < last; i++) {
    const frame = byId.get(profile.samples[i]).callFrame;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const kind = kinds.find(([, test]) => test(frame));
    if (kind) self[kind[0]] += delta;
    if (!kind || kind[0] !== "idle") busy += delta;
    const label = `${frame.functionName || "(anonymous)"} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(label, (byFunction.get(label) ?? 0) + delta);
  }
  const ms = (us) => Math.round(us / 1000);
  if (top > 0) {
    console.log(path.basename(file));
    for (const [label, us] of [...byFunction].toSorted((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${label}`);
  }
  rows.push({
    file: path.basename(file),
    window: ms(times[last] - times[first]),
    busy: ms(busy),
    ...Object.fromEntries(Object.entries(self).map(([k, v]) => [k, ms(v)])),
  });
}
console.table(rows);
