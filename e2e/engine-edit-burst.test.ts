/**
 * Continuous edits (one every 100 ms for 15 s) while requests keep coming: every request is
 * answered, never by code older than what an earlier answer already showed. The longest wait is
 * printed for the record; it is not asserted (no timing assertions in tests).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("lifecycle");
});
afterAll(() => server?.stop());

interface Sample {
  sentAt: number;
  waited: number;
  /** The newest edit any answer had shown when this request was sent. */
  floor: number;
  version: number;
}

test("a request waits at most for the build pending when it arrived, and never sees code older than an answer it followed", async () => {
  expect(await (await server.fetch("/")).text()).toBe("v0");
  const edits = 150;
  let seen = 0;
  let finished = false;
  const samples: Sample[] = [];
  const failures: string[] = [];

  const isFinished = () => finished;
  const client = async () => {
    while (!isFinished()) {
      const floor = seen;
      const sentAt = performance.now();
      const response = await server.fetch("/", { signal: AbortSignal.timeout(60_000) });
      const body = await response.text();
      const waited = performance.now() - sentAt;
      if (response.status !== 200 || !/^v\d+$/.test(body)) {
        failures.push(`${response.status} ${body.slice(0, 300)}`);
        continue;
      }
      const version = Number(body.slice(1));
      samples.push({ sentAt, waited, floor, version });
      seen = Math.max(seen, version);
    }
  };

  const editor = async () => {
    for (let i = 1; i <= edits; i++) {
      server.write("src/value.ts", `export const value = "v${i}";\n`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    finished = true;
  };

  await Promise.all([editor(), client(), client()]);
  // The last edit takes effect.
  await until(async () => (await (await server.fetch("/")).text()) === `v${edits}`);

  const waits = samples.map((s) => s.waited).toSorted((a, b) => a - b);
  const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))]!.toFixed(0);
  const generations = new Set(samples.map((s) => s.version)).size;
  console.log(
    `[edit burst] ${edits} edits every 100 ms, ${samples.length} requests answered by ${generations} distinct versions; ` +
      `wait p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${waits.at(-1)!.toFixed(0)} ms`,
  );
  expect(failures).toEqual([]);
  const stale = samples.filter((s) => s.version < s.floor);
  expect(stale).toEqual([]);
  // Requests were answered while the edits went on, not only once they stopped.
  expect(new Set(samples.map((s) => s.version)).size).toBeGreaterThan(2);
});
