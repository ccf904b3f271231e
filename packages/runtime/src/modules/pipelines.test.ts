// oxlint-disable no-underscore-dangle -- `_ping` and `_run` are the names Pipelines calls (workerd's).
import { expect, test } from "vitest";
import * as pipelines from "./pipelines.js";
import { WorkerEntrypoint } from "../rpc/targets.js";

const { PipelineTransformationEntrypoint } = pipelines;

class Upper extends PipelineTransformationEntrypoint {
  override async run(records: Record<string, unknown>[]) {
    return records.map((record) => ({ ...record, name: String(record.name).toUpperCase() }));
  }
}

function lines(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  // Split mid-line, as a stream may deliver it.
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 9));
      controller.enqueue(bytes.subarray(9));
      controller.close();
    },
  });
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: Error) => error.message,
  );

test("cloudflare:pipelines exports workerd's PipelineTransformationEntrypoint, a WorkerEntrypoint", () => {
  expect(Object.keys(pipelines)).toEqual(["PipelineTransformationEntrypoint"]);
  expect(new Upper({} as never, {})).toBeInstanceOf(WorkerEntrypoint);
});

test("a batch of JSON lines goes through the subclass's run() and comes back as JSON lines", async () => {
  const transform = new Upper({} as never, {});
  await transform._ping();
  const batch = { id: "b1", shard: "s", ts: 1, format: "json_stream", data: lines('{"name":"ada"}\n\n{"name":"bob"}') };
  const result = await transform._run(batch, { pipelineId: "p", pipelineName: "n" });
  expect({ ...result, data: await new Response(result.data).text() }).toEqual({
    id: "b1",
    shard: "s",
    ts: 1,
    format: "json_stream",
    size: { bytes: 30, rows: 2 },
    data: '{"name":"ADA"}\n{"name":"BOB"}\n',
  });
  expect(await rejection(transform._run(batch, {}))).toMatchInlineSnapshot(`"pipeline entrypoint has already been initialized"`);
});

test("a class that does not override run() fails Pipelines' check with workerd's wording", async () => {
  const plain = new PipelineTransformationEntrypoint({} as never, {});
  expect(await rejection(plain._ping())).toMatchInlineSnapshot(
    `"the run method must be overridden by the PipelineTransformationEntrypoint subclass"`,
  );
  const other = { id: "b", shard: "s", ts: 1, format: "parquet", data: lines("") };
  expect(await rejection(new Upper({} as never, {})._run(other, {}))).toMatchInlineSnapshot(
    `"PipelineTransformationEntrypoint run supports only the JSON_STREAM batch format"`,
  );
});
