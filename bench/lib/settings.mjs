/** Run length and section choice, from the environment. `BENCH_QUICK=1` is a short smoke run. */
const quick = process.env.BENCH_QUICK === "1";

const sections = ["cold", "reload", "throughput", "memory"];

function count(name, full, short) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return quick ? short : full;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`[bench] ${name}=${JSON.stringify(raw)} is not a non-negative number. Unset it or give a number.`);
  }
  return value;
}

function only() {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return sections;
  const picked = raw.split(",").map((s) => s.trim());
  const unknown = picked.filter((s) => !sections.includes(s));
  if (unknown.length > 0) {
    throw new Error(`[bench] BENCH_ONLY names unknown sections ${JSON.stringify(unknown)}. Use some of: ${sections.join(",")}.`);
  }
  return picked;
}

export const settings = {
  quick,
  sections: only(),
  /** Recorded cold starts per variant (after one unrecorded start that fills the caches). */
  coldRuns: count("BENCH_COLD_RUNS", 7, 2),
  /** Reload samples per variant, per edited file, split over `reloadRounds` server sessions. */
  reloadSamples: count("BENCH_RELOAD_SAMPLES", 20, 4),
  reloadRounds: count("BENCH_RELOAD_ROUNDS", 2, 1),
  /** Pause after each reload sample, so samples do not overlap the previous generation's drain. */
  reloadSettleMs: count("BENCH_RELOAD_SETTLE_MS", 250, 150),
  throughputSeconds: count("BENCH_DURATION", 10, 2),
  warmupSeconds: count("BENCH_WARMUP", 2, 1),
  throughputRounds: count("BENCH_THROUGHPUT_ROUNDS", 2, 1),
  connections: count("BENCH_CONNECTIONS", 50, 50),
  memoryReloads: count("BENCH_MEMORY_RELOADS", 200, 20),
  /** Upper bound for any one server start or reload, so that no loop can hang the run. */
  startTimeoutMs: 90_000,
  reloadTimeoutMs: 10_000,
  /** A session gives up after this many stalled reloads. */
  maxStalls: 3,
};
