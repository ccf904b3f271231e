import { afterEach, expect, test } from "vitest";
import { WorkflowEntrypoint } from "../../rpc/targets.js";
import { WorkflowHarness, type Classes } from "./workflow-harness.test-support.js";

type Step = {
  do(name: string, ...args: unknown[]): Promise<unknown>;
  sleep(name: string, duration: unknown): Promise<void>;
  sleepUntil(name: string, at: Date | number): Promise<void>;
  waitForEvent(
    name: string,
    options: { type: string; timeout?: unknown },
  ): Promise<{ payload: unknown; type: string; timestamp: Date }>;
};
type Event = { payload: Record<string, unknown>; instanceId: string; timestamp: Date; workflowName: string };

const harnesses: WorkflowHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.close();
});

function start(classes: Classes, options: Partial<ConstructorParameters<typeof WorkflowHarness>[0]> = {}) {
  const harness = new WorkflowHarness({ classes, ...options });
  harnesses.push(harness);
  return harness;
}

/** How many times each step callback ran, by "<instance>/<step>". */
const executions = new Map<string, number>();
const executed = (key: string) => executions.set(key, (executions.get(key) ?? 0) + 1).get(key)!;

class Approval extends WorkflowEntrypoint {
  async run(event: Event, step: Step) {
    const id = event.instanceId;
    const first = await step.do("first", async () => ({ ran: executed(`${id}/first`), payload: event.payload }));
    await step.sleep("nap", "1 hour");
    const decision = await step.waitForEvent("decision", { type: "decision", timeout: "1 day" });
    const second = await step.do("second", async () => executed(`${id}/second`));
    return { first, decision: decision.payload, at: decision.timestamp instanceof Date, second };
  }
}

test("a run with step.do, step.sleep and step.waitForEvent completes, each step executed once", async () => {
  const harness = start({ approval: Approval });
  const instance = await harness.binding("approval").create({ id: "a1", params: { user: "ann" } });
  expect(instance.id).toBe("a1");
  await harness.settle();
  // Sleeping holds no run: the instance waits for the clock.
  expect(harness.status("approval", "a1")).toEqual({ status: "waiting", output: null });
  harness.advance(59 * 60_000);
  await harness.settle();
  expect(harness.status("approval", "a1").status).toBe("waiting");
  harness.advance(60_000);
  await harness.settle();
  // Now waiting for the event.
  expect(harness.status("approval", "a1").status).toBe("waiting");
  await (await harness.binding("approval").get("a1")).sendEvent({ type: "decision", payload: { ok: true } });
  await harness.settle();
  expect(harness.status("approval", "a1")).toEqual({
    status: "complete",
    output: { first: { ran: 1, payload: { user: "ann" } }, decision: { ok: true }, at: true, second: 1 },
  });
  expect([executions.get("a1/first"), executions.get("a1/second")]).toEqual([1, 1]);
  expect(harness.maxOverlap).toBe(1);
  // The terminal says what a waiting instance waits for.
  const waits = harness.events.flatMap((event) => (event.type === "status" && event.waitingFor ? [event.waitingFor] : []));
  expect(waits).toMatchInlineSnapshot(`
    [
      "the end of step.sleep "nap" at 2026-01-01T01:00:00.000Z",
      "an event of type "decision" (step "decision", until 2026-01-02T01:00:00.000Z)",
    ]
  `);
});

test("an event sent before the wait begins is delivered when it does", async () => {
  const harness = start({ approval: Approval });
  const instance = await harness.binding("approval").create({ id: "early" });
  await harness.settle();
  await instance.sendEvent({ type: "decision", payload: "sent early" });
  await instance.sendEvent({ type: "other", payload: "ignored" });
  harness.advance(3_600_000);
  await harness.settle();
  expect(harness.status("approval", "early")).toMatchObject({ status: "complete", output: { decision: "sent early" } });
});

test("instances persist: a new engine on the same state file wakes a sleeping instance and replays, steps not executed again", async () => {
  const first = start({ approval: Approval });
  await first.binding("approval").create({ id: "durable" });
  await first.settle();
  first.close();
  const second = start({ approval: Approval }, { persist: first.persist, clock: first.clock });
  second.advance(3_600_000);
  await second.settle();
  await (await second.binding("approval").get("durable")).sendEvent({ type: "decision", payload: 1 });
  await second.settle();
  expect(second.status("approval", "durable")).toMatchObject({ status: "complete", output: { first: { ran: 1 } } });
  expect(executions.get("durable/first")).toBe(1);
});

test("a waitForEvent past its timeout throws production's error into run()", async () => {
  class Timeout extends WorkflowEntrypoint {
    async run(_event: Event, step: Step) {
      try {
        await step.waitForEvent("late", { type: "never", timeout: "10 seconds" });
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    }
  }
  const harness = start({ timeout: Timeout });
  await harness.binding("timeout").create({ id: "t" });
  await harness.settle();
  harness.advance(10_000);
  await harness.settle();
  expect(harness.status("timeout", "t").output).toMatchInlineSnapshot(`"Error: Execution timed out after 10000ms"`);
});

test("sleepUntil wakes at its date; a date in the past throws production's error", async () => {
  class Until extends WorkflowEntrypoint {
    async run(event: Event, step: Step) {
      await step.sleepUntil("until", new Date(event.payload.at as number));
      return "woke";
    }
  }
  const harness = start({ until: Until });
  const now = harness.clock.now();
  await harness.binding("until").createBatch([
    { id: "future", params: { at: now + 5_000 } },
    { id: "past", params: { at: now - 5_000 } },
  ]);
  await harness.settle();
  expect(harness.status("until", "future").status).toBe("waiting");
  expect(harness.status("until", "past")).toMatchInlineSnapshot(`
    {
      "error": {
        "message": "You can't sleep until a time in the past, time-traveler",
        "name": "Error",
      },
      "output": null,
      "status": "errored",
    }
  `);
  harness.advance(5_000);
  await harness.settle();
  expect(harness.status("until", "future")).toEqual({ status: "complete", output: "woke" });
});

test("an edit moves a run on to the new code at the next step; the step running meanwhile finishes once", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const make = (version: string) =>
    class Edited extends WorkflowEntrypoint {
      async run(event: Event, step: Step) {
        const id = event.instanceId;
        const slow = await step.do("slow", async () => (executed(`${id}/slow`), await gate, version));
        const next = await step.do("next", async () => (executed(`${id}/next`), version));
        return { slow, next };
      }
    };
  const harness = start({ edited: make("v1") });
  await harness.binding("edited").create({ id: "e" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  // Three edits while "slow" runs in generation 1.
  harness.edit({ edited: make("v2") });
  harness.edit({ edited: make("v3") });
  harness.edit({ edited: make("v4") });
  release();
  await harness.settle();
  expect(harness.status("edited", "e")).toEqual({ status: "complete", output: { slow: "v1", next: "v4" } });
  expect([executions.get("e/slow"), executions.get("e/next")]).toEqual([1, 1]);
  expect(harness.maxOverlap).toBe(1);
});

test("an instance the current code cannot run (its class is gone) waits for the next generation", async () => {
  const harness = start({ approval: Approval });
  harness.edit({});
  await harness.binding("approval").create({ id: "stalled" });
  await harness.settle();
  const stalled = harness.events.find((event) => event.type === "stalled");
  expect(stalled && stalled.reason).toMatchInlineSnapshot(
    `"[kindling] Workflow "approval" has instances, but no "workflows" entry of this worker's wrangler config names it. Add { "name": "approval", "binding": ..., "class_name": ... } to "workflows" to run them."`,
  );
  expect(harness.status("approval", "stalled").status).toBe("running");
  harness.edit({ approval: Approval });
  await harness.settle();
  expect(harness.status("approval", "stalled").status).toBe("waiting");
});
