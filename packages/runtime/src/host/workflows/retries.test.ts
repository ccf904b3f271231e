import { afterEach, expect, test } from "vitest";
import { WorkflowEntrypoint } from "../../rpc/targets.js";
import { NonRetryableError } from "../../modules/workflows.js";
import { WorkflowHarness, type Classes } from "./workflow-harness.test-support.js";

type Step = { do(name: string, ...args: unknown[]): Promise<unknown> };
type Event = { payload: Record<string, unknown>; instanceId: string };

const harnesses: WorkflowHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.close();
});

function start(classes: Classes, options: Partial<ConstructorParameters<typeof WorkflowHarness>[0]> = {}) {
  const harness = new WorkflowHarness({ classes, ...options });
  harnesses.push(harness);
  return harness;
}

const attempts = new Map<string, number>();

/** Its step fails `failures` times with `error(attempt)`, under the config in the params. */
class Flaky extends WorkflowEntrypoint {
  async run(event: Event, step: Step) {
    const { failures, config, kind } = event.payload as { failures: number; config?: object; kind?: string };
    const fn = async (ctx: { attempt: number }) => {
      attempts.set(event.instanceId, ctx.attempt);
      if (kind === "fatal") throw new NonRetryableError("stop now");
      if (kind === "custom") throw Object.assign(new Error(`attempt ${ctx.attempt}`), { name: "PaymentError" });
      if (ctx.attempt <= failures) throw new Error(`attempt ${ctx.attempt} failed`);
      return `ok after ${ctx.attempt}`;
    };
    return config ? step.do("flaky", config, fn) : step.do("flaky", fn);
  }
}

async function retries(backoff: string) {
  const harness = start({ flaky: Flaky });
  const config = { retries: { limit: 3, delay: "1 second", backoff } };
  await harness.binding("flaky").create({ id: backoff, params: { failures: 3, config } });
  await harness.settle();
  // Each retry waits for the clock: the run stops, the engine runs it again when the attempt is due.
  for (let i = 0; i < 10 && harness.status("flaky", backoff).status !== "complete"; i++) {
    harness.advance(1_000);
    await harness.settle();
  }
  return { status: harness.status("flaky", backoff), delays: harness.stepEvents().map((event) => event.retryIn) };
}

test("retries wait per backoff (constant, linear, exponential) and the step succeeds on its last attempt", async () => {
  expect(await retries("constant")).toEqual({ status: { status: "complete", output: "ok after 4" }, delays: [1000, 1000, 1000] });
  expect((await retries("linear")).delays).toEqual([1000, 2000, 3000]);
  expect((await retries("exponential")).delays).toEqual([1000, 2000, 4000]);
});

test("a retry is not run before its delay has passed", async () => {
  const harness = start({ flaky: Flaky });
  await harness
    .binding("flaky")
    .create({ id: "wait", params: { failures: 1, config: { retries: { limit: 1, delay: 10_000 } } } });
  await harness.settle();
  harness.advance(9_999);
  await harness.settle();
  expect([harness.status("flaky", "wait").status, attempts.get("wait")]).toEqual(["running", 1]);
  harness.advance(1);
  await harness.settle();
  expect(harness.status("flaky", "wait")).toEqual({ status: "complete", output: "ok after 2" });
});

test("the default policy is production's: 5 retries, 10 s exponential", async () => {
  const harness = start({ flaky: Flaky });
  await harness.binding("flaky").create({ id: "defaults", params: { failures: 99 } });
  for (let i = 0; i < 8; i++) {
    await harness.settle();
    harness.advance(200_000);
  }
  await harness.settle();
  expect(harness.stepEvents().map((event) => event.retryIn)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, undefined]);
  expect(harness.status("flaky", "defaults")).toMatchInlineSnapshot(`
    {
      "error": {
        "message": "attempt 6 failed",
        "name": "Error",
      },
      "output": null,
      "status": "errored",
    }
  `);
});

test("a NonRetryableError fails the instance at once, with or without its message (compatibility flag)", async () => {
  for (const preserveNonRetryable of [true, false]) {
    const harness = start({ flaky: Flaky }, { preserveNonRetryable });
    await harness.binding("flaky").create({ id: "fatal", params: { failures: 0, kind: "fatal" } });
    await harness.settle();
    expect(harness.stepEvents()).toHaveLength(1);
    expect(harness.status("flaky", "fatal").error).toEqual(
      preserveNonRetryable
        ? { name: "NonRetryableError", message: "stop now" }
        : {
            name: "WorkflowFatalError",
            message:
              "The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled",
          },
    );
  }
});

test("an error of a custom class reaches status() as production reports it", async () => {
  const harness = start({ flaky: Flaky });
  await harness
    .binding("flaky")
    .create({ id: "custom", params: { failures: 0, kind: "custom", config: { retries: { limit: 0, delay: 0 } } } });
  await harness.settle();
  expect(harness.status("flaky", "custom").error).toMatchInlineSnapshot(`
    {
      "message": "PaymentError: attempt 1",
      "name": "Error",
    }
  `);
});

test("a step that outlives its timeout fails its attempt with production's error", async () => {
  class Hangs extends WorkflowEntrypoint {
    async run(_event: Event, step: Step) {
      try {
        await step.do("hangs", { retries: { limit: 0, delay: 0 }, timeout: 20 }, () => new Promise(() => {}));
      } catch (error) {
        return (error as Error).message;
      }
    }
  }
  const harness = start({ hangs: Hangs });
  await harness.binding("hangs").create({ id: "h" });
  await harness.settle();
  expect(harness.status("hangs", "h").output).toMatchInlineSnapshot(`"Execution timed out after 20ms"`);
});

class Returns extends WorkflowEntrypoint {
  async run(event: Event, step: Step) {
    const values: Record<string, () => unknown> = {
      fn: () => ({ nested: () => 1 }),
      symbol: () => Symbol("s"),
      instance: () =>
        new (class Order {
          total = 1;
        })(),
      cycle: () => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      },
      large: () => "x".repeat(2 ** 20),
      date: () => new Date(0),
    };
    const value = await step.do("value", { retries: { limit: 0, delay: 0 } }, async () =>
      values[event.payload.kind as string]!(),
    );
    return Object.prototype.toString.call(value);
  }
}

test("step results must be serializable: production's errors", async () => {
  const harness = start({ returns: Returns });
  const kinds = ["fn", "symbol", "instance", "cycle", "large", "date"];
  await harness.binding("returns").createBatch(kinds.map((kind) => ({ id: kind, params: { kind } })));
  await harness.settle();
  const outcome = (kind: string) => {
    const status = harness.status("returns", kind);
    return status.error ? `${status.error.name}: ${status.error.message}` : status.output;
  };
  expect(Object.fromEntries(kinds.map((kind) => [kind, outcome(kind)]))).toMatchInlineSnapshot(`
    {
      "cycle": "TypeError: Converting circular structure to JSON
        --> starting at object with constructor 'Object'
        --- property 'self' closes the circle",
      "date": "[object Date]",
      "fn": "WorkflowFatalError: The execution of the Workflow instance was terminated, as the step "value" returned a value which is not serialisable",
      "instance": "DataCloneError: Could not serialize object of type "Order". This type does not support serialization.",
      "large": "Error: Step value-1 output is too large. Maximum allowed size is 1MiB.",
      "symbol": "DataCloneError: Symbol(s) could not be cloned.",
    }
  `);
});

test("an attempt whose generation dies (a blocked event loop, abortIsolate) counts as failed: retried, then failed for good", async () => {
  let started = 0;
  class Blocks extends WorkflowEntrypoint {
    async run(_event: Event, step: Step) {
      return step.do("blocks", { retries: { limit: 1, delay: "1 second", backoff: "constant" } }, () => {
        started++;
        return new Promise(() => {}); // as if its thread never came back
      });
    }
  }
  const harness = start({ blocks: Blocks });
  await harness.binding("blocks").create({ id: "b" });
  await new Promise((resolve) => setTimeout(resolve, 10));
  harness.abortGeneration("[kindling] The worker exceeded its CPU time limit of 30000 ms.");
  await harness.settle();
  // The retry waits for its delay, in the new generation.
  expect([started, harness.status("blocks", "b").status]).toEqual([1, "running"]);
  harness.advance(1_000);
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(started).toBe(2);
  harness.abortGeneration("[kindling] The worker exceeded its CPU time limit of 30000 ms.");
  await harness.settle();
  expect(harness.stepEvents().map((event) => event.retryIn)).toEqual([1_000, undefined]);
  expect(harness.status("blocks", "b")).toMatchInlineSnapshot(`
    {
      "error": {
        "message": "[kindling] The worker exceeded its CPU time limit of 30000 ms.",
        "name": "Error",
      },
      "output": null,
      "status": "errored",
    }
  `);
});
