import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { WorkflowEntrypoint } from "../../rpc/targets.js";
import { describeInstance, listInstances } from "./inspect.js";
import { WorkflowStore } from "./store.js";
import { WorkflowHarness } from "./workflow-harness.test-support.js";

type Step = {
  do(name: string, fn: () => Promise<unknown>): Promise<unknown>;
  sleep(name: string, duration: unknown): Promise<void>;
  waitForEvent(name: string, options: { type: string; timeout: string }): Promise<{ payload: unknown }>;
};

const harnesses: WorkflowHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.close();
});

/** Steps whose names sort in another order than they run in. */
class Order extends WorkflowEntrypoint {
  async run(event: { payload: { item: string } }, step: Step) {
    const reserved = await step.do("zeta: reserve", async () => ({ item: event.payload.item, reserved: true }));
    await step.sleep("alpha nap", "1 minute");
    const approval = await step.waitForEvent("middle approval", { type: "approve", timeout: "1 hour" });
    return { reserved, approvedBy: (approval.payload as { by: string }).by };
  }
}

test("an instance shows its params, its steps in the order it reached them, what it waits for, and its output", async () => {
  const harness = new WorkflowHarness({ classes: { order: Order } });
  harnesses.push(harness);
  const created = harness.clock.now();
  const instance = await harness.binding("order").create({ id: "o-1", params: { item: "book" } });
  await harness.settle();
  harness.advance(60_000);
  await harness.settle();
  const engine = harness.engines.engine("order");
  const waiting = describeInstance(engine, "o-1")!;
  expect(waiting).toMatchObject({ id: "o-1", status: "waiting", createdAt: created, params: "{ item: 'book' }" });
  expect(waiting.updatedAt).toBe(harness.clock.now());
  expect(waiting.steps.map(({ name, kind, state, eventType, wakeAt }) => ({ name, kind, state, eventType, wakeAt }))).toEqual([
    { name: "zeta: reserve", kind: "do", state: "done", eventType: null, wakeAt: null },
    { name: "alpha nap", kind: "sleep", state: "done", eventType: null, wakeAt: null },
    {
      name: "middle approval",
      kind: "waitForEvent",
      state: "waiting",
      eventType: "approve",
      wakeAt: harness.clock.now() + 3_600_000,
    },
  ]);
  expect(waiting.steps[0]!.output).toBe("{ item: 'book', reserved: true }");

  await instance.sendEvent({ type: "other", payload: 1 });
  expect(describeInstance(engine, "o-1")!.pendingEvents).toEqual([
    { type: "other", timestamp: expect.any(Number), payload: "1" },
  ]);
  await instance.sendEvent({ type: "approve", payload: { by: "ada" } });
  await harness.settle();
  const done = describeInstance(engine, "o-1")!;
  expect([done.status, done.output]).toEqual(["complete", "{ reserved: { item: 'book', reserved: true }, approvedBy: 'ada' }"]);
  expect(listInstances(engine, 10).map((i) => [i.id, i.status])).toEqual([["o-1", "complete"]]);
  expect(describeInstance(engine, "missing")).toBeUndefined();
});

test("a state file from before updated_at and the step order gets both columns, its rows kept", () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "kindling-workflow-store-"));
  const file = path.join(dir, "old.sqlite");
  const old = new Database(file);
  old.exec(`
    CREATE TABLE workflow_instances (id TEXT PRIMARY KEY, status TEXT NOT NULL, params BLOB NOT NULL, created_at INTEGER NOT NULL,
      run INTEGER NOT NULL DEFAULT 0, wake_at INTEGER, output BLOB, error TEXT) WITHOUT ROWID;
    CREATE TABLE workflow_steps (instance_id TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE, key TEXT NOT NULL,
      state TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0, wake_at INTEGER, event_type TEXT, policy TEXT, value BLOB, error TEXT,
      PRIMARY KEY (instance_id, key)) WITHOUT ROWID;
    INSERT INTO workflow_instances (id, status, params, created_at) VALUES ('old', 'running', x'', 1);
    INSERT INTO workflow_steps (instance_id, key, state) VALUES ('old', 'do:b:1', 'done');
  `);
  old.close();
  const store = new WorkflowStore(file, () => 42);
  try {
    store.putStep("old", { key: "do:a:1", state: "done", attempt: 1, wake_at: null });
    store.updateInstance("old", { status: "waiting" });
    expect(store.instance("old")).toMatchObject({ status: "waiting", updated_at: 42 });
    // The step from before the column first, then those reached since, in order.
    expect(store.steps("old").map((step) => [step.key, step.seq])).toEqual([
      ["do:b:1", null],
      ["do:a:1", 2],
    ]);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
