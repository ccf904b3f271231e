// @ts-check
/** The comparison as a report: markdown for people, JSON for tools. */
import fs from "node:fs";
import { canonical, summarize } from "./compare.mjs";

/**
 * @typedef {import("./compare.mjs").ProbeRow} ProbeRow
 * @typedef {{ title: string, command: string, oracle: Record<string, string | undefined>, kindling: string, notes?: string[] }} ReportContext
 */

/** Differences grouped by their known-differences.json reason, largest first. */
export function groupDifferences(/** @type {ProbeRow[]} */ rows) {
  /** @type {Map<string, { why: string, category: string, probes: string[], areas: Set<string> }>} */
  const groups = new Map();
  for (const row of rows) {
    if (row.same) continue;
    const why = row.known?.why ?? "(not in known-differences.json)";
    const category = row.known?.category ?? "unlisted";
    const key = `${category}\u0000${why}`;
    const group = groups.get(key) ?? { why, category, probes: [], areas: new Set() };
    group.probes.push(row.id);
    group.areas.add(row.area);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, areas: [...group.areas].toSorted() }))
    .toSorted((a, b) => b.probes.length - a.probes.length || (a.why < b.why ? -1 : 1));
}

/** A probe result in a table cell: the value, or `throws Name: message`, shortened. */
function cell(/** @type {unknown} */ result) {
  let text;
  if (result && typeof result === "object" && "ok" in result) text = canonical(result.ok);
  else if (result && typeof result === "object" && "threw" in result) {
    const error = /** @type {{ name?: string, message?: string, thrown?: unknown }} */ (result.threw);
    text = error.name === undefined ? `throws ${canonical(error.thrown)}` : `throws ${error.name}: ${error.message}`;
  } else text = canonical(result);
  if (text.length > 160) text = `${text.slice(0, 157)}...`;
  const escaped = text
    .replace(/`/g, "'")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, "\\n")
    // oxlint-disable-next-line no-control-regex -- escaping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `\`${escaped}\``;
}

/**
 * @param {ProbeRow[]} rows
 * @param {ReportContext} context
 */
export function renderMarkdown(rows, context) {
  const { areas, total } = summarize(rows);
  const lines = [
    `# ${context.title}`,
    "",
    `Written by \`${context.command}\` on ${new Date().toISOString().slice(0, 10)}: ${total.probes} probes, ${total.identical} identical (${total.percent} %).`,
    `Oracle: ${Object.entries(context.oracle)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}. Kindling: ${context.kindling}.`,
    ...(context.notes ?? []).map((note) => `\n${note}`),
    "",
    "## Identical probes per area",
    "",
    "| area | probes | identical | % |",
    "|---|---:|---:|---:|",
    ...areas.map((a) => `| ${a.area} | ${a.probes} | ${a.identical} | ${a.percent} |`),
    `| **all** | **${total.probes}** | **${total.identical}** | **${total.percent}** |`,
    "",
    "## Groups of differences",
    "",
    "Grouped by the reason given in `known-differences.json`, largest first.",
    "",
    "| probes | category | why | areas |",
    "|---:|---|---|---|",
    ...groupDifferences(rows).map((g) => `| ${g.probes.length} | ${g.category} | ${g.why} | ${g.areas.join(", ")} |`),
    "",
    "## Differences by area",
  ];
  for (const area of areas) {
    const differing = rows.filter((row) => row.area === area.area && !row.same);
    if (differing.length === 0) continue;
    lines.push(
      "",
      `### ${area.area} (${area.identical} of ${area.probes} identical)`,
      "",
      "| probe | expected (workerd) | Kindling | why |",
      "|---|---|---|---|",
    );
    for (const row of differing) {
      const expected = row.override ? `${cell(row.expected)} (production; oracle: ${cell(row.oracle)})` : cell(row.expected);
      const why = row.known ? `${row.known.category}: ${row.known.why}` : "**not listed**";
      lines.push(`| \`${row.id.replace(/\|/g, "\\|")}\` | ${expected} | ${cell(row.actual)} | ${why} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The JSON report: the summary, the groups, and every differing probe on a line of its own
 * (identical probes are counted, not listed).
 * @param {ProbeRow[]} rows
 * @param {ReportContext} context
 */
export function renderJson(rows, context) {
  const head = {
    generatedAt: new Date().toISOString(),
    command: context.command,
    oracle: context.oracle,
    kindling: context.kindling,
    summary: summarize(rows),
    groups: groupDifferences(rows),
  };
  const differences = rows
    .filter((row) => !row.same)
    .map(({ id, area, expected, actual, override, known }) => JSON.stringify({ id, area, expected, actual, override, known }));
  const headText = JSON.stringify(head, null, 1).slice(0, -2);
  return `${headText},\n "differences": [\n  ${differences.join(",\n  ")}\n ]\n}\n`;
}

/**
 * Writes `<base>.md` and `<base>.json`.
 * @param {string} base path without extension
 * @param {ProbeRow[]} rows
 * @param {ReportContext} context
 */
export function writeReport(base, rows, context) {
  fs.writeFileSync(`${base}.md`, renderMarkdown(rows, context));
  fs.writeFileSync(`${base}.json`, renderJson(rows, context));
}
