/**
 * Writes of every binding while edits land every 300 ms: the retiring and the new generation
 * write the same SQLite files at once, and not one write may fail ("database is locked").
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("storage-edits");
});
afterAll(() => server?.stop());

const targets = [
  "kv",
  "r2",
  "d1",
  "cache",
  "do?kind=kv",
  "do?kind=sync-kv",
  "do?kind=sql",
  "do?kind=transaction",
  "do?kind=transaction-sync",
  "do?kind=alarm",
] as const;
type Target = (typeof targets)[number];

const url = (target: Target, params: Record<string, string>) =>
  `/${target}${target.includes("?") ? "&" : "?"}${new URLSearchParams(params)}`;

test("no write of any binding fails while an edit lands every 300 ms", { timeout: 120_000 }, async () => {
  expect(await (await server.fetch("/version")).text()).toBe("v0");
  const counts = Object.fromEntries(targets.map((t) => [t, { ok: 0, failed: 0 }])) as Record<
    Target,
    { ok: number; failed: number }
  >;
  const failures: string[] = [];
  const acknowledged: [Target, string, string][] = [];
  const run = { stop: false };
  let sequence = 0;
  const writer = async (target: Target, lane: number) => {
    while (!run.stop) {
      const n = sequence++;
      const key = `${target.replace(/^do\?kind=/, "")}-${lane}-${n % 5}`;
      const value = `v${n}`;
      // The DO writers of one lane share an object, so its storage sees every kind of write.
      // Requests that arrive while generations are being built wait for them: a generous timeout.
      const response = await server.fetch(url(target, { key, value, name: `lane${lane}`, times: "10" }), {
        method: "PUT",
        signal: AbortSignal.timeout(60_000),
      });
      const body = await response.text();
      if (response.status === 200) {
        counts[target].ok++;
        acknowledged.push([target, key, value]);
      } else {
        counts[target].failed++;
        failures.push(`${target}: ${response.status} ${body.slice(0, 300)}`);
      }
    }
  };
  const writers = targets.flatMap((target) => [0, 1, 2].map((lane) => writer(target, lane)));

  let edits = 0;
  for (; edits < 25; edits++) {
    server.write("src/version.ts", `export const version = "v${edits + 1}";\n`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await until(async () => (await (await server.fetch("/version")).text()) === `v${edits}`, 20_000);
  run.stop = true;
  await Promise.all(writers);
  const generations = server.output().match(/generation \d+ ready/g)?.length ?? 0;
  const background = await (await server.fetch("/background-writes")).json();
  const backgroundFailures = server
    .output()
    .split("\n")
    .filter((line) => line.includes("[background-write-failed]"));
  console.log(
    `${edits} edits, ${generations} generations ready; write requests (10 writes each) per binding:`,
    counts,
    "\nwrites acknowledged to the generations' own background loops:",
    background,
    `\nbackground writes that failed: ${backgroundFailures.length}`,
  );
  expect(failures).toEqual([]);
  expect(backgroundFailures).toEqual([]);
  for (const target of targets) expect(counts[target].ok, target).toBeGreaterThan(0);
  // Edits landed while the writes ran (how many generations that makes depends on the machine's load).
  expect(generations).toBeGreaterThan(1);

  // The last acknowledged value of each key is the one stored.
  const last = new Map<string, string>();
  for (const [target, key, value] of acknowledged) last.set(`${target}|${key}`, value);
  for (const [entry, value] of last) {
    const [target, key] = entry.split("|") as [Target, string];
    const lane = key.split("-").at(-2)!;
    expect(`${entry} = ${await (await server.fetch(url(target, { key, name: `lane${lane}` }))).text()}`).toBe(
      `${entry} = ${value}`,
    );
  }
});
