// @ts-check
/**
 * Probe-by-probe comparison of two runs (expected = workerd, actual = Kindling), and the checks
 * that keep known-differences.json honest.
 */

/**
 * @typedef {import("./collect.mjs").RouteAnswer} RouteAnswer
 * @typedef {Record<string, Record<string, RouteAnswer>>} Run fixture -> route -> answer
 * @typedef {{ category: string, why: string }} KnownDifference
 * @typedef {{ expected: unknown, why: string }} ProductionOverride
 * @typedef {{ id: string, fixture: string, route: string, probe: string, area: string, expected: unknown, oracle: unknown, actual: unknown, same: boolean, override?: string, known?: KnownDifference }} ProbeRow
 */

/** Areas in the order reports list them (an area not named here comes last). */
export const areaOrder = [
  "Global scope",
  "Web APIs",
  "nodejs_compat",
  "Worker formats and module types",
  "Module resolution",
  "Bindings: KV",
  "Bindings: R2",
  "Bindings: D1",
  "Bindings: Durable Objects",
  "Bindings: Cache",
  "Bindings: Email",
  "Bindings: env",
];

/** The reasons a probe may be listed as a known difference. */
export const categories = [
  "not fixed yet",
  "Node limitation",
  "oracle differs from production",
  "deliberate dev-time improvement",
];

export function probeId(/** @type {string} */ fixture, /** @type {string} */ route, /** @type {string} */ probe) {
  return `${fixture}/${route}/${probe}`;
}

/** JSON with object keys sorted, so equal answers compare equal whatever their key order. */
export function canonical(/** @type {unknown} */ value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * One row per probe of the expected run. A route the actual run could not answer (or a probe it
 * did not report) makes each of the route's probes differ, with the route's error as the value.
 * Where the oracle is known to differ from production, `overrides` gives production's answer,
 * which is then what the probe is compared with.
 * @param {Run} expected
 * @param {Run} actual
 * @param {Record<string, KnownDifference>} known
 * @param {Record<string, ProductionOverride>} [overrides]
 * @returns {ProbeRow[]}
 */
export function compareRuns(expected, actual, known, overrides = {}) {
  /** @type {ProbeRow[]} */
  const rows = [];
  for (const [fixture, routes] of Object.entries(expected)) {
    for (const [route, answer] of Object.entries(routes)) {
      const got = actual[fixture]?.[route];
      if (!("probes" in answer)) {
        // The oracle could not answer this route (only in a live run; recording refuses it).
        const id = probeId(fixture, route, "*");
        rows.push({
          id,
          fixture,
          route,
          probe: "*",
          area: "(route failed in the oracle)",
          expected: answer,
          oracle: answer,
          actual: got,
          same: canonical(answer) === canonical(got),
        });
        continue;
      }
      for (const [probe, value] of Object.entries(answer.probes)) {
        const id = probeId(fixture, route, probe);
        const actualValue =
          got === undefined
            ? { missing: "route not run" }
            : "probes" in got
              ? (got.probes[probe] ?? { missing: "probe not reported" })
              : got;
        const override = overrides[id];
        const expectedValue = override ? override.expected : value;
        rows.push({
          id,
          fixture,
          route,
          probe,
          area: answer.area,
          expected: expectedValue,
          oracle: value,
          actual: actualValue,
          same: canonical(expectedValue) === canonical(actualValue),
          ...(override ? { override: override.why } : {}),
          ...(known[id] ? { known: known[id] } : {}),
        });
      }
    }
  }
  return rows;
}

/**
 * What makes a comparison fail: a difference not listed as known, a listed one that now matches,
 * a probe the golden files do not have.
 * @param {ProbeRow[]} rows
 * @param {Run} actual
 */
export function rowProblems(rows, actual) {
  const problems = [];
  const ids = new Set(rows.map((row) => row.id));
  for (const row of rows) {
    const expectedBy = row.override ? "production (production-overrides.json)" : "workerd";
    if (!row.same && !row.known) {
      problems.push(
        `${row.id}: differs from ${expectedBy} (not in known-differences.json)\n    expected: ${canonical(row.expected)}\n    kindling: ${canonical(row.actual)}`,
      );
    }
    if (row.same && row.known) problems.push(`${row.id}: now matches ${expectedBy}; remove it from known-differences.json`);
  }
  for (const [fixture, routes] of Object.entries(actual)) {
    for (const [route, answer] of Object.entries(routes)) {
      if (!("probes" in answer)) continue;
      for (const probe of Object.keys(answer.probes)) {
        const id = probeId(fixture, route, probe);
        if (!ids.has(id)) problems.push(`${id}: not in the golden files; run \`pnpm conformance:record\``);
      }
    }
  }
  return problems;
}

/**
 * What makes the lists wrong: an entry for a probe that does not exist, an unknown category, a
 * reason left to triage.
 * @param {Set<string>} goldenIds
 * @param {Record<string, KnownDifference>} known
 * @param {Record<string, ProductionOverride>} overrides
 */
export function listProblems(goldenIds, known, overrides) {
  const problems = [];
  for (const [id, entry] of Object.entries(known)) {
    if (!goldenIds.has(id)) problems.push(`${id}: listed in known-differences.json, but no such probe in the golden files`);
    if (!categories.includes(entry.category))
      problems.push(`${id}: unknown category "${entry.category}" (one of: ${categories.join("; ")})`);
    if (typeof entry.why !== "string" || entry.why.length === 0 || entry.why.startsWith("TODO")) {
      problems.push(`${id}: known-differences.json entry needs a one-line "why" (found ${JSON.stringify(entry.why)})`);
    }
  }
  for (const [id, entry] of Object.entries(overrides)) {
    if (!goldenIds.has(id)) problems.push(`${id}: listed in production-overrides.json, but no such probe in the golden files`);
    if (typeof entry.why !== "string" || entry.why.length === 0)
      problems.push(`${id}: production-overrides.json entry without a "why"`);
  }
  return problems;
}

/** Every probe id of a run. */
export function probeIds(/** @type {Run} */ run) {
  const ids = new Set();
  for (const [fixture, routes] of Object.entries(run)) {
    for (const [route, answer] of Object.entries(routes)) {
      if ("probes" in answer) for (const probe of Object.keys(answer.probes)) ids.add(probeId(fixture, route, probe));
    }
  }
  return ids;
}

/**
 * Identical probes per area (and overall), largest area first.
 * @param {ProbeRow[]} rows
 */
export function summarize(rows) {
  /** @type {Map<string, { area: string, probes: number, identical: number }>} */
  const areas = new Map();
  for (const row of rows) {
    const entry = areas.get(row.area) ?? { area: row.area, probes: 0, identical: 0 };
    entry.probes += 1;
    if (row.same) entry.identical += 1;
    areas.set(row.area, entry);
  }
  const rank = (/** @type {string} */ area) => (areaOrder.includes(area) ? areaOrder.indexOf(area) : areaOrder.length);
  const list = [...areas.values()]
    .map((a) => ({ ...a, percent: percent(a.identical, a.probes) }))
    .toSorted((a, b) => rank(a.area) - rank(b.area) || (a.area < b.area ? -1 : 1));
  const identical = rows.filter((row) => row.same).length;
  return { areas: list, total: { probes: rows.length, identical, percent: percent(identical, rows.length) } };
}

function percent(/** @type {number} */ part, /** @type {number} */ whole) {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}
