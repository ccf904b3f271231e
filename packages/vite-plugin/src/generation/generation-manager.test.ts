/**
 * GenerationManager on real threads and a real Vite environment. Each generation's entry stops at a
 * gate (an HTTP request to this test) while it evaluates, so the test decides when a build ends.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { ViteDevServer } from "vite";
import { createWorkerViteServer } from "../environment/worker-vite.test-support.js";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { WireBody } from "@kindling/runtime/protocol";
import { GenerationManager, type GenerationManagerOptions, type StandbyBoot } from "./generation-manager.js";
import { bootThread, type BootedThread } from "./worker-thread.js";
import type { Generation } from "./generation.js";

let root: string;
let vite: ViteDevServer;
let gateServer: http.Server;
const arrivals = new Map<number, { arrived: Promise<void>; signal(): void; open(): void; opened: Promise<void> }>();

function gate(generation: number) {
  let entry = arrivals.get(generation);
  if (!entry) {
    let signal!: () => void;
    let open!: () => void;
    const arrived = new Promise<void>((resolve) => (signal = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    entry = { arrived, signal, opened, open };
    arrivals.set(generation, entry);
  }
  return entry;
}

beforeAll(async () => {
  gateServer = http.createServer((req, res) => {
    const generation = Number(new URL(req.url!, "http://x").searchParams.get("generation"));
    const entry = gate(generation);
    entry.signal();
    void entry.opened.then(() => res.end("open"));
  });
  await new Promise<void>((resolve) => gateServer.listen(0, "127.0.0.1", resolve));
  const { port } = gateServer.address() as AddressInfo;
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-manager-"));
  fs.writeFileSync(
    path.join(root, "entry.js"),
    `const generation = globalThis[Symbol.for("kindling.generation")];
const state = { requests: 0 };
await fetch("http://127.0.0.1:${port}/gate?generation=" + generation);
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/exit") process.exit(3);
    if (url.pathname === "/uncaught") {
      // Only code that removes the runtime's own handler can let an error end the thread.
      process.removeAllListeners("uncaughtException");
      setTimeout(() => { throw new Error("nothing caught this"); });
      return new Promise(() => {});
    }
    state.requests++;
    return new Response(generation + ":" + state.requests);
  },
};
`,
  );
  vite = await createWorkerViteServer(root);
});

afterAll(async () => {
  await vite?.close();
  gateServer?.closeAllConnections();
  gateServer?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

let manager: GenerationManager | undefined;
afterEach(async () => {
  await manager?.close();
  manager = undefined;
  arrivals.clear();
});

function createManager(overrides: Partial<GenerationManagerOptions> = {}): GenerationManager {
  const environment = vite.environments.worker!;
  manager = new GenerationManager({
    limits: { drainTimeout: 5_000, cpuTimeLimit: 10_000, memoryLimit: 256 },
    nextConfig: () => ({
      workerName: "test",
      entry: path.join(root, "entry.js"),
      vars: {},
      bindings: [],
      persist: path.join(root, "state"),
      ownState: path.join(root, "state"),
      durableObjectClasses: [],
      compatibilityDate: "2026-11-01",
      compatibilityFlags: ["nodejs_compat"],
      environment: "worker",
      childEnvironments: [],
    }),
    invoke: (_environment, payload) => environment.hot.handleInvoke(payload as never),
    onSwap: () => {},
    onConfigError: (error) => {
      throw error;
    },
    onBackgroundError: (_generation, _source, error) => {
      throw error;
    },
    onAborted: () => {},
    ...overrides,
  });
  return manager;
}

async function get(pathname = "/"): Promise<string> {
  const outcome = await manager!.fetch({ method: "GET", url: `http://localhost${pathname}`, headers: [], body: null });
  if (outcome.type === "response") return text(outcome.response.body);
  if (outcome.type === "pass-through") return "pass-through";
  return `error: ${outcome.error.message}`;
}

function text(body: WireBody): string {
  if (body === null) return "";
  if (typeof body === "string") return body;
  return new TextDecoder().decode(body as ArrayBuffer);
}

const idOf = (generation: Generation | undefined) => generation?.id;

test("a request waits for the build pending when it arrived, never for builds queued after it", async () => {
  const generations = createManager();
  generations.invalidate();
  await gate(1).arrived; // generation 1 is reading the code
  const duringFirst = generations.ready().then(idOf);
  generations.invalidate(); // a change while generation 1 builds: 1 is stale for requests from now on
  const afterChange = generations.ready().then(idOf);
  gate(1).open();
  expect(await duringFirst).toBe(1);

  await gate(2).arrived;
  generations.invalidate(); // a change after `afterChange` arrived: it must not wait for its build
  const afterSecondChange = generations.ready().then(idOf);
  gate(2).open();
  const first = await Promise.race([afterChange, gate(3).arrived.then(() => "still waiting when generation 3 was building")]);
  expect(first).toBe(2);

  gate(3).open();
  expect(await afterSecondChange).toBe(3);
  // Nothing pending: served by the current generation at once.
  expect(await get()).toBe("3:1");
});

test("a thread that exits is replaced: its request fails naming process.exit, the next one gets fresh module state", async () => {
  const aborted: string[] = [];
  createManager({ onAborted: (error) => aborted.push(error.message) });
  for (const generation of [1, 2]) gate(generation).open();
  expect(await get()).toBe("1:1");
  expect(await get()).toBe("1:2");
  expect(await get("/exit")).toMatchInlineSnapshot(
    `"error: [kindling] The worker called process.exit(3), which ended its generation. A fresh generation serves the next request."`,
  );
  expect(await get()).toBe("2:1");
  expect(aborted).toHaveLength(1);
});

test("an error nothing catches ends the thread; the request in flight fails naming it", async () => {
  createManager();
  for (const generation of [1, 2]) gate(generation).open();
  expect(await get()).toBe("1:1");
  expect(await get("/uncaught")).toMatchInlineSnapshot(
    `"error: [kindling] The worker's thread stopped on an uncaught error: nothing caught this. A fresh generation serves the next request."`,
  );
  expect(await get()).toBe("2:1");
});

test("a standby thread that died while it waited does not break the next reload", async () => {
  const booted: BootedThread[] = [];
  const generations = createManager({
    bootThread: async (options) => {
      const thread = await bootThread(options);
      booted.push(thread);
      return thread;
    },
  });
  for (const generation of [1, 2]) gate(generation).open();
  expect(await get()).toBe("1:1");
  // The standby for the next reload boots once generation 1 is ready.
  // A thread boots in ~0.1 s idle, seconds on a loaded machine.
  await expect.poll(() => booted.length, { timeout: 30_000 }).toBe(2);
  const standby = booted[1]!;
  await standby.worker.terminate();
  expect(standby.dead).toBe(true);
  generations.invalidate();
  expect(await get()).toBe("2:1");
  expect(booted.length).toBeGreaterThanOrEqual(3);
});

/** A manager whose thread boots are counted as they begin, and timed. */
function countingManager(standbyBoot: StandbyBoot) {
  const boots = { begun: 0, durations: [] as number[] };
  const generations = createManager({
    standbyBoot,
    bootThread: async (options) => {
      boots.begun++;
      const begun = performance.now();
      const thread = await bootThread(options);
      boots.durations.push(performance.now() - begun);
      return thread;
    },
  });
  return { generations, boots };
}

test("alongside: the next standby boots while the generation imports", async () => {
  const { generations, boots } = countingManager("alongside");
  generations.invalidate();
  await gate(1).arrived; // generation 1 is importing
  expect(boots.begun).toBe(2);
  gate(1).open();
  expect(await get()).toBe("1:1");
});

test("after-first-answer: the next standby boots once the generation answered, not while it imports; a save sooner than a boot after it boots alongside", async () => {
  const { generations, boots } = countingManager("after-first-answer");
  generations.invalidate();
  await gate(1).arrived;
  expect(boots.begun).toBe(1); // only generation 1's own thread
  gate(1).open();
  await generations.ready();
  expect(boots.begun).toBe(1);
  expect(generations.standby).toBe("none");

  expect(await get()).toBe("1:1");
  await expect.poll(() => boots.begun, { timeout: 30_000 }).toBe(2);

  // A save right after the answer: a standby booted after the next answer would not be ready for
  // the save after that, so this build's standby boots alongside its import.
  generations.invalidate();
  await gate(2).arrived;
  expect(boots.begun).toBe(3);
  gate(2).open();
  expect(await get()).toBe("2:1");

  // A save that comes later than a boot takes after the answer: this build's standby waits for its answer.
  await expect.poll(() => boots.durations.length, { timeout: 30_000 }).toBe(3);
  await new Promise((resolve) => setTimeout(resolve, Math.max(...boots.durations) + 100));
  generations.invalidate();
  await gate(3).arrived;
  expect(boots.begun).toBe(3);
  gate(3).open();
  expect(await get()).toBe("3:1");
  await expect.poll(() => boots.begun, { timeout: 30_000 }).toBe(4);
});

test("after-first-answer: without a request the standby boots after the fallback delay", async () => {
  const { generations, boots } = countingManager("after-first-answer");
  gate(1).open();
  generations.invalidate();
  await generations.ready();
  expect(boots.begun).toBe(1);
  await expect.poll(() => boots.begun, { timeout: 30_000 }).toBe(2);
});
