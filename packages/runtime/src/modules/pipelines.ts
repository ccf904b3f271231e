/**
 * `cloudflare:pipelines`, as workerd serves it (src/cloudflare/internal/pipeline-transform.ts):
 * `PipelineTransformationEntrypoint`, a `WorkerEntrypoint` whose `run(records, metadata)` a
 * subclass implements; Pipelines calls `_ping()` to check it, then `_run(batch, metadata)` with a
 * batch of JSON lines, and gets the transformed records back as JSON lines.
 */
// oxlint-disable no-underscore-dangle -- `_ping` and `_run` are the names Pipelines calls (workerd's).
import { WorkerEntrypoint } from "../rpc/targets.js";

type PipelineRecord = Record<string, unknown>;
interface PipelineBatch {
  id: string;
  shard: string;
  ts: number;
  format: string;
  data: ReadableStream<Uint8Array>;
}

const jsonStream = "json_stream";

/** The stream's lines as they arrive; the last one also without a newline. */
async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) buffer += value;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        yield buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
      }
      if (done) {
        if (buffer.length > 0) yield buffer;
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export class PipelineTransformationEntrypoint extends WorkerEntrypoint {
  #batch: PipelineBatch | undefined;
  #initialized = false;

  // Overridden by the subclass.
  async run(_records: PipelineRecord[], _metadata: unknown): Promise<PipelineRecord[]> {
    throw new Error("should be implemented by parent");
  }

  /** Pipelines checks that `run` is the subclass's own. */
  async _ping(): Promise<void> {
    if (this.run === PipelineTransformationEntrypoint.prototype.run) {
      throw new Error("the run method must be overridden by the PipelineTransformationEntrypoint subclass");
    }
  }

  async _run(batch: PipelineBatch, metadata: unknown): Promise<PipelineBatch & { size: { bytes: number; rows: number } }> {
    if (this.#initialized) throw new Error("pipeline entrypoint has already been initialized");
    this.#batch = batch;
    this.#initialized = true;
    if (batch.format !== jsonStream) {
      throw new Error("PipelineTransformationEntrypoint run supports only the JSON_STREAM batch format");
    }
    const records: PipelineRecord[] = [];
    for await (const line of readLines(batch.data)) if (line.trim().length > 0) records.push(JSON.parse(line));
    return this.#sendJson(await this.run(records, metadata));
  }

  #sendJson(records: unknown) {
    if (!Array.isArray(records)) throw new Error("transformations must return an array of PipelineRecord");
    const encoder = new TextEncoder();
    const lines = records.map((record) => encoder.encode(`${JSON.stringify(record)}\n`));
    const bytes = lines.reduce((sum, line) => sum + line.byteLength, 0);
    const data = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const line of lines) controller.enqueue(line);
        controller.close();
      },
    });
    const { id, shard, ts } = this.#batch!;
    return { id, shard, ts, format: jsonStream, size: { bytes, rows: records.length }, data };
  }
}
