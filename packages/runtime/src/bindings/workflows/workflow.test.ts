import { afterEach, expect, test } from "vitest";
import { WorkflowEntrypoint } from "../../rpc/targets.js";
import { WorkflowHarness, type Classes } from "../../host/workflows/workflow-harness.test-support.js";
import { parseDuration } from "./duration.js";

type Step = {
  do(name: string, ...args: unknown[]): Promise<unknown>;
  sleep(name: string, duration: unknown): Promise<void>;
};

const harnesses: WorkflowHarness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.close();
});

function start(classes: Classes, stepLimit?: number) {
  const harness = new WorkflowHarness({ classes, stepLimit });
  harnesses.push(harness);
  return harness;
}

class Echo extends WorkflowEntrypoint {
  async run(event: { payload: unknown }, step: Step) {
    return step.do("echo", async () => event.payload);
  }
}

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

test("create, get and createBatch refuse what production refuses, with its wording", async () => {
  const harness = start({ echo: Echo });
  const flow = harness.binding("echo");
  await flow.create({ id: "taken" });
  expect({
    taken: await failure(flow.create({ id: "taken" })),
    empty: await failure(flow.create({ id: "" })),
    space: await failure(flow.create({ id: "has space" })),
    dash: await failure(flow.create({ id: "-leading" })),
    long: await failure(flow.create({ id: "a".repeat(101) })),
    number: await failure(flow.create({ id: 5 })),
    symbol: await failure(flow.create({ id: "sym", params: Symbol("s") })),
    large: await failure(flow.create({ id: "large", params: "x".repeat(2 ** 20) })),
    unknown: await failure(flow.get("nope")),
    invalid: await failure(flow.get("not an id")),
    emptyBatch: await failure(flow.createBatch([])),
    bigBatch: await failure(flow.createBatch(Array.from({ length: 101 }, () => ({})))),
    noForm: await failure(flow.createBatch({} as never)),
    zero: await failure(flow.createBatch({ count: 0 })),
    invalidInBatch: await failure(flow.createBatch({ instances: [{ id: "bad id" }] })),
  }).toMatchInlineSnapshot(`
    {
      "bigBatch": "Error: WorkflowError: batchCreate only supports 100 instances at a time",
      "dash": "Error: Workflow instance has invalid id",
      "empty": "Error: Workflow instance has invalid id",
      "emptyBatch": "Error: WorkflowError: batchCreate should have at least 1 instance",
      "invalid": "Error: instance.not_found",
      "invalidInBatch": "Error: (instance.invalid_id) Instance ID is invalid",
      "large": "RangeError: The params of a Workflow instance is 1048582 bytes serialized, over the limit of 1 MiB (1048576 bytes; https://developers.cloudflare.com/workflows/reference/limits/).",
      "long": "Error: Workflow instance has invalid id",
      "noForm": "Error: (body) Provided argument is invalid",
      "number": "Error: Workflow instance has invalid id",
      "space": "Error: Workflow instance has invalid id",
      "symbol": "DataCloneError: Symbol(s) could not be cloned.",
      "taken": "Error: (instance.already_exists) Workflow instance with id "taken" already exists",
      "unknown": "Error: instance.not_found",
      "zero": "Error: (body) count must be a positive integer",
    }
  `);
  expect((await flow.create({ id: "a".repeat(100) })).id).toHaveLength(100);
  expect((await flow.create()).id).toMatch(/^[0-9a-f-]{36}$/);
});

test("createBatch skips ids taken or repeated: silently in the array form, reported in the object form", async () => {
  const harness = start({ echo: Echo });
  const flow = harness.binding("echo");
  await flow.create({ id: "taken" });
  const created = (await flow.createBatch([{ id: "b1" }, { id: "taken" }, { id: "b1" }, { id: "b2" }])) as { id: string }[];
  expect(created.map((instance) => instance.id)).toEqual(["b1", "b2"]);
  const result = (await flow.createBatch({ instances: [{ id: "b3" }, { id: "taken" }, { id: "b3" }] })) as {
    created: { id: string }[];
    errors: unknown[];
  };
  expect({ created: result.created.map((instance) => instance.id), errors: result.errors }).toEqual({
    created: ["b3"],
    errors: [
      { index: 1, id: "taken", code: 10405, message: "workflows.api.error.instance.already_exists" },
      { index: 2, id: "b3", code: 10415, message: "workflows.api.error.instance.duplicate_in_batch" },
    ],
  });
  const counted = (await flow.createBatch({ count: 3, params: { same: true } })) as { created: { id: string }[] };
  expect(counted.created).toHaveLength(3);
  await harness.settle();
  expect(await counted.created[0]!.constructor.name).toBe("InstanceImpl");
  expect(harness.status("echo", counted.created[2]!.id)).toEqual({ status: "complete", output: { same: true } });
});

test("a run reports production's errors for bad step names, configs, durations and the step limit", async () => {
  class Bad extends WorkflowEntrypoint {
    async run(event: { payload: { kind: string } }, step: Step) {
      const cases: Record<string, () => Promise<unknown>> = {
        name: () => step.do("n".repeat(257), async () => 1),
        control: () => step.do("bad\nname", async () => 1),
        config: () => step.do("s1", { retries: { limit: -1, delay: 1 } }, async () => 1),
        configKey: () => step.do("s2", { retry: 1 }, async () => 1),
        timeout: () => step.do("s3", { timeout: "soon" }, async () => 1),
        callback: () => step.do("s4", {}),
        duration: () => step.sleep("nap", "3 fortnights"),
        limit: async () => {
          for (let i = 0; i < 3; i++) await step.do(`step ${i}`, async () => i);
        },
      };
      return cases[event.payload.kind]!();
    }
  }
  const harness = start({ bad: Bad }, 2);
  const kinds = ["name", "control", "config", "configKey", "timeout", "callback", "duration", "limit"];
  await harness.binding("bad").createBatch(kinds.map((kind) => ({ id: kind, params: { kind } })));
  await harness.settle();
  const errors = Object.fromEntries(kinds.map((kind) => [kind, harness.status("bad", kind).error?.message]));
  expect(errors).toMatchInlineSnapshot(`
    {
      "callback": "Step "s4" requires a callback function",
      "config": "Step config for "s1" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/",
      "configKey": "Step config for "s2" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/",
      "control": "Step name "bad
    name" exceeds max length (256 chars) or invalid characters found",
      "duration": "Duration must be a number or a string in format '{{number}} {{unit}}' where unit is second(s), minute(s), etc.",
      "limit": "The limit of 2 steps has been reached. This limit can be changed in your worker configuration.",
      "name": "Step name "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn" exceeds max length (256 chars) or invalid characters found",
      "timeout": "Step config for "s3" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/",
    }
  `);
});

test("durations: milliseconds, or a number and a unit, singular or plural", () => {
  expect(
    [1500, "1500", "1 second", "2 seconds", "1.5 minutes", "1 hour", "2 days", "1 week", "1 month", "1 year", "250 ms"].map(
      parseDuration,
    ),
  ).toEqual([1500, 1500, 1000, 2000, 90_000, 3_600_000, 172_800_000, 604_800_000, 2_592_000_000, 31_557_600_000, 250]);
  expect(() => parseDuration("soon")).toThrow("Duration must be a number");
  expect(() => parseDuration(Number.NaN)).toThrow("Duration must be a number");
});

test("the ctx of a step callback: its name, count, attempt and config with the defaults", async () => {
  class Ctx extends WorkflowEntrypoint {
    async run(_event: unknown, step: Step) {
      await step.do("twice", async () => 1);
      return step.do("twice", { retries: { limit: 1, delay: "1 second" } }, async (ctx: unknown) => ctx);
    }
  }
  const harness = start({ ctx: Ctx });
  await harness.binding("ctx").create({ id: "c" });
  await harness.settle();
  expect(harness.status("ctx", "c").output).toEqual({
    step: { name: "twice", count: 2 },
    attempt: 1,
    config: { retries: { limit: 1, backoff: "exponential", delay: "1 second" }, timeout: "10 minutes" },
  });
});
