import { afterEach, expect, test } from "vitest";
import { WorkflowEntrypoint } from "../../rpc/targets.js";
import { WorkflowHarness, type Classes } from "./workflow-harness.test-support.js";

type Step = {
  do(name: string, ...args: unknown[]): Promise<unknown>;
  sleep(name: string, duration: unknown): Promise<void>;
};
type Event = { payload: unknown; instanceId: string };

const harnesses: WorkflowHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.close();
});

function start(classes: Classes) {
  const harness = new WorkflowHarness({ classes });
  harnesses.push(harness);
  return harness;
}

const runs = new Map<string, number>();
/** Gates the first step of an instance until the test opens it. */
const gates = new Map<string, { open(): void; opened: Promise<void> }>();
function gate(id: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gates.set(id, { open, opened });
  return open;
}

class Controlled extends WorkflowEntrypoint {
  async run(event: Event, step: Step) {
    const id = event.instanceId;
    const one = await step.do("one", async () => {
      runs.set(`${id}/one`, (runs.get(`${id}/one`) ?? 0) + 1);
      await gates.get(id)?.opened;
      return 1;
    });
    await step.sleep("nap", "1 minute");
    const two = await step.do("two", async () => (runs.set(`${id}/two`, (runs.get(`${id}/two`) ?? 0) + 1), 2));
    return (one as number) + (two as number);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

test("pause during a step waits for it (waitingForPause), then holds the instance until resume", async () => {
  const harness = start({ controlled: Controlled });
  const open = gate("p");
  const instance = await harness.binding("controlled").create({ id: "p" });
  await tick();
  await instance.pause();
  expect((await instance.status()).status).toBe("waitingForPause");
  open();
  await harness.settle();
  expect((await instance.status()).status).toBe("paused");
  // Time passes while paused: nothing runs.
  harness.advance(120_000);
  await harness.settle();
  expect([(await instance.status()).status, runs.get("p/two")]).toEqual(["paused", undefined]);
  await instance.resume();
  await harness.settle();
  // The sleep after the paused step starts once resumed.
  expect((await instance.status()).status).toBe("waiting");
  harness.advance(60_000);
  await harness.settle();
  expect(await instance.status()).toEqual({ status: "complete", output: 3 });
  expect(runs.get("p/one")).toBe(1);
});

test("pause while sleeping, resume after the wake time: the instance goes on at once", async () => {
  const harness = start({ controlled: Controlled });
  const instance = await harness.binding("controlled").create({ id: "s" });
  await harness.settle();
  expect((await instance.status()).status).toBe("waiting");
  await instance.pause();
  await instance.pause();
  expect((await instance.status()).status).toBe("paused");
  harness.advance(60_000);
  await harness.settle();
  expect((await instance.status()).status).toBe("paused");
  await instance.resume();
  await harness.settle();
  expect(await instance.status()).toEqual({ status: "complete", output: 3 });
});

test("terminate ends an instance at once; terminating a finished one is production's error", async () => {
  const harness = start({ controlled: Controlled });
  const open = gate("t");
  const instance = await harness.binding("controlled").create({ id: "t" });
  await tick();
  await instance.terminate();
  expect(await instance.status()).toEqual({ status: "terminated", output: null });
  open();
  await harness.settle();
  harness.advance(60_000);
  await harness.settle();
  expect([(await instance.status()).status, runs.get("t/two")]).toEqual(["terminated", undefined]);
  await expect(instance.terminate()).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state]`,
  );
  // Pause and resume of a finished instance change nothing, as in production.
  await instance.pause();
  await instance.resume();
  expect((await instance.status()).status).toBe("terminated");
});

test("restart runs an instance again from the top, its steps executed anew", async () => {
  const harness = start({ controlled: Controlled });
  const instance = await harness.binding("controlled").create({ id: "r" });
  await harness.settle();
  harness.advance(60_000);
  await harness.settle();
  expect(await instance.status()).toEqual({ status: "complete", output: 3 });
  await instance.restart();
  expect((await instance.status()).status).toBe("queued");
  await harness.settle();
  harness.advance(60_000);
  await harness.settle();
  expect(await instance.status()).toEqual({ status: "complete", output: 3 });
  expect([runs.get("r/one"), runs.get("r/two")]).toEqual([2, 2]);
});

test("restart during a step: the old run is dropped and the new one starts once it let go", async () => {
  const harness = start({ controlled: Controlled });
  const open = gate("rr");
  const instance = await harness.binding("controlled").create({ id: "rr" });
  await tick();
  await instance.restart();
  open();
  await harness.settle();
  harness.advance(60_000);
  await harness.settle();
  expect(await instance.status()).toEqual({ status: "complete", output: 3 });
  expect(runs.get("rr/one")).toBe(2);
  expect(harness.maxOverlap).toBe(1);
});

test("delete removes an instance; later calls do not find it", async () => {
  const harness = start({ controlled: Controlled });
  const workflow = harness.binding("controlled");
  const instance = await workflow.create({ id: "d" });
  await harness.settle();
  await instance.delete();
  await expect(workflow.get("d")).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: instance.not_found]`);
  expect(await workflow.deleteBatch(["d"])).toEqual({
    deleted: [],
    errors: [{ id: "d", code: 10404, message: "instance.not_found" }],
  });
});
