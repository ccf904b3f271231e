/** The results table (console and bench/RESULTS.md) and the JSON file. */
import { variants } from "./apps.mjs";

const { kindling, cloudflare, reference } = variants;

/** Issue 6's targets for Kindling, checked against medians. */
const targets = {
  "cold.start": {
    text: "<= 1500 ms and <= 0.35x official",
    check: (m) => m.k <= 1500 && m.k / m.cf <= 0.35,
  },
  "reload.deep": { text: "<= 40 ms", check: (m) => m.k <= 40 },
  "rps./": {
    text: ">= 3000 req/s and >= 40% of plain Vite",
    check: (m) => m.k >= 3000 && m.k / m.ref >= 0.4,
  },
  "mem.rss.start": { text: "<= 250 MiB", check: (m) => m.k <= 250 },
  "mem.rss.growth": { text: "<= 30 MiB", check: (m) => m.k <= 30 },
  "threads.worker.after": { text: "<= 3", check: (m) => m.k <= 3 },
};

function cell(metric, variant) {
  const s = metric.summary(variant.name);
  if (!s) return "";
  if (s.na) return `n/a (${s.na})`;
  if (s.median === undefined) return "";
  const f = (v) => v.toFixed(metric.digits);
  const unit = metric.unit ? ` ${metric.unit}` : "";
  const stalls = s.stalls ? ` [${s.stalls} stalled]` : "";
  return (s.n > 1 ? `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})` : `${f(s.median)}${unit}`) + stalls;
}

function median(metric, variant) {
  const s = metric.summary(variant.name);
  return s && !s.na ? s.median : undefined;
}

function ratio(metric) {
  const k = median(metric, kindling);
  const cf = median(metric, cloudflare);
  if (k === undefined || cf === undefined || cf === 0) return "";
  return `${(k / cf).toFixed(2)}x`;
}

function verdict(metric) {
  const target = targets[metric.id];
  if (!target) return "";
  const m = { k: median(metric, kindling), cf: median(metric, cloudflare), ref: median(metric, reference) };
  if (m.k === undefined) return `? ${target.text}`;
  return `${target.check(m) ? "PASS" : "MISS"} ${target.text}`;
}

/** Markdown table: one row per metric. */
export function renderTable(metrics) {
  const header = ["metric", "Kindling", "official", "Kindling / official", "plain Vite", "target (Kindling)"];
  const rows = metrics.map((metric) => [
    metric.label,
    cell(metric, kindling),
    cell(metric, cloudflare),
    ratio(metric),
    cell(metric, reference),
    verdict(metric),
  ]);
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The end of the part of RESULTS.md that `pnpm bench` writes; what follows it (each session's findings) is kept. */
export const generatedEnd = "<!-- The part above is written by `pnpm bench`; what follows is kept. -->";

/**
 * RESULTS.md with its generated part replaced by `generated` and the rest kept. A file without the
 * marker (written before it existed) keeps everything from its first `## ` heading on.
 */
export function updateResultsMarkdown(existing, generated) {
  let kept = "\n";
  const at = existing.indexOf(generatedEnd);
  const firstSection = existing.search(/^## /m);
  if (at !== -1) kept = existing.slice(at + generatedEnd.length);
  else if (firstSection !== -1) kept = `\n\n${existing.slice(firstSection)}`;
  return `${generated.trimEnd()}\n\n${generatedEnd}${kept}`;
}

export function renderResultsMarkdown(meta, metrics, note) {
  return `# Benchmark results (preliminary)

Kindling vs the official \`@cloudflare/vite-plugin\` on the same app (\`bench/app\`), alternating
runs. Medians with min–max; how each figure is taken is in [README.md](README.md). Raw data:
[\`results/${meta.file}\`](results/${meta.file}).

- Date: ${meta.date}
- Machine: ${meta.cpus} × ${meta.cpuModel}, ${meta.totalMemGiB} GiB RAM, ${meta.os}
- Node ${meta.node}; Vite ${meta.versions.vite}; @cloudflare/vite-plugin ${meta.versions.cloudflareVitePlugin}; wrangler ${meta.versions.wrangler}; workerd ${meta.versions.workerd}
- Kindling commit ${meta.commit}
- Load average at start / end: ${meta.loadavgStart.join(", ")} / ${meta.loadavgEnd.join(", ")}
- Duration: ${meta.durationS} s

${renderTable(metrics)}

${note}
`;
}
