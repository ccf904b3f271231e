/**
 * Summarises a .cpuprofile (from BENCH_SERVER_NODE_ARGS="--cpu-prof ..."): top functions by self
 * time and by total (inclusive) time. Usage: node bench/profile-summary.mjs <file.cpuprofile> [top]
 */
import fs from "node:fs";
import path from "node:path";

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/profile-summary.mjs <file.cpuprofile> [top]");
  process.exit(1);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Sample time: timeDeltas[i] belongs to samples[i].
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const label = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${path.basename(url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
};

const selfByLabel = new Map();
const totalByLabel = new Map();
for (const [id, time] of self) {
  const node = byId.get(id);
  selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + time);
  // Inclusive time: count each distinct label once per stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    totalByLabel.set(l, (totalByLabel.get(l) ?? 0) + time);
  }
}

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].toSorted((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(time / 1000).toFixed(1).padStart(9)} ms ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
print("self time", selfByLabel);
print("total time", totalByLabel);
