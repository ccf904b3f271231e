/** The host's store of request traces: fetches it saw, events and spans the threads reported, bounded. */
import { afterEach, expect, test, vi } from "vitest";
import type { WireRequest } from "@kindling/runtime/protocol";
import type { Generation } from "../generation/generation.js";
import { TraceStore } from "./trace-store.js";

afterEach(() => vi.useRealTimers());

const generation = { id: 3 } as Generation;
const request = (path: string): WireRequest => ({ method: "GET", url: `http://localhost${path}`, headers: [], body: null });
const response = { type: "response" as const, response: { status: 201, statusText: "", headers: [], body: null } };

test("a fetch is kept with its status, the spans and console lines its thread reported, in order", () => {
  const store = new TraceStore();
  store.fetchStarted(generation, 7, request("/items?page=2"));
  store.fetchEnded(generation, 7, response);
  store.traced(generation, {
    starts: [],
    spans: [
      { trace: "f7", id: 1, kind: "kv", binding: "KV", name: "get", detail: "a", start: 1, end: 2 },
      { trace: "f7", id: 2, kind: "d1", binding: "DB", name: "all", detail: "SELECT 1", start: 2, end: 3 },
    ],
    logs: [{ trace: "f7", level: "log", text: "hi", time: 2 }],
    ends: [],
  });
  expect(store.list()).toEqual([
    expect.objectContaining({
      id: "3-f7",
      generation: 3,
      type: "fetch",
      label: "GET /items?page=2",
      status: 201,
      outcome: "ok",
      spans: 2,
      logs: 1,
    }),
  ]);
  const trace = store.get("3-f7")!;
  expect(trace.spans.map((s) => s.name)).toEqual(["get", "all"]);
  expect(trace.logs.map((l) => l.text)).toEqual(["hi"]);
});

test("events a thread began (a trigger, a Durable Object call) are traces of their own, with their error", () => {
  const store = new TraceStore();
  store.traced(generation, {
    starts: [{ trace: "e1", type: "scheduled", label: "*/5 * * * *", start: 10 }],
    spans: [],
    logs: [],
    ends: [
      {
        trace: "e1",
        end: 12,
        outcome: "exception",
        error: { name: "TypeError", message: "boom", stack: "TypeError: boom\n    at scheduled (/app/src/index.ts:3:9)" },
      },
    ],
  });
  expect(store.get("3-e1")).toMatchObject({
    type: "scheduled",
    label: "*/5 * * * *",
    outcome: "exception",
    end: 12,
    error: { message: "TypeError: boom", stack: "    at scheduled (/app/src/index.ts:3:9)" },
  });
});

test("the oldest traces are dropped past the limit, and spans past the per-trace cap are counted", () => {
  const store = new TraceStore({ limit: 2, perTrace: 1 });
  for (const id of [1, 2, 3]) store.fetchStarted(generation, id, request(`/${id}`));
  expect(store.list().map((t) => t.label)).toEqual(["GET /3", "GET /2"]);
  const span = { trace: "f3", kind: "kv", name: "get", start: 0, end: 1 };
  store.traced(generation, {
    starts: [],
    spans: [
      { ...span, id: 1 },
      { ...span, id: 2 },
    ],
    logs: [],
    ends: [],
  });
  expect(store.get("3-f3")).toMatchObject({ spans: [{ id: 1 }], dropped: 1 });
});

test("listeners get the changed summaries batched, not one call per change", () => {
  vi.useFakeTimers();
  const store = new TraceStore();
  const calls: string[][] = [];
  const unsubscribe = store.subscribe((changed) => calls.push(changed.map((t) => `${t.label} ${t.outcome}`)));
  store.fetchStarted(generation, 1, request("/a"));
  store.fetchEnded(generation, 1, response);
  store.fetchStarted(generation, 2, request("/b"));
  expect(calls).toEqual([]);
  vi.runAllTimers();
  expect(calls).toEqual([["GET /a ok", "GET /b pending"]]);
  unsubscribe();
  store.fetchEnded(generation, 2, { type: "error", error: new Error("x") });
  vi.runAllTimers();
  expect(calls).toHaveLength(1);
});
