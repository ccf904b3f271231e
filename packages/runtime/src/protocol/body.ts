import type { RpcOperation, RpcOutcome, WireBody } from "./messages.js";
import { setImmediate } from "node:timers";

const MACROTASK = Symbol("macrotask");

/**
 * "Auto" body mode: a body that completes within one macrotask crosses as a single ArrayBuffer
 * (cheap to transfer); anything slower is handed over as a stream, keeping the chunks read so far.
 * Transferring a stream for every tiny body cost 3x throughput.
 */
export async function toWireBody(stream: ReadableStream<Uint8Array> | null, onSettled: () => void = () => {}): Promise<WireBody> {
  if (!stream) return (onSettled(), null);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  const deadline = endOfTurn();
  for (;;) {
    const pending = reader.read();
    const result = await Promise.race([pending, deadline]);
    if (result === MACROTASK) return continueAsStream(chunks, pending, reader, onSettled);
    if (result.done) return (onSettled(), concatBytes(chunks));
    chunks.push(toBytes(result.value));
  }
}

let turn: Promise<typeof MACROTASK> | undefined;

/** Settles at the end of this event-loop turn; one timer shared by every body read in the turn. */
function endOfTurn(): Promise<typeof MACROTASK> {
  return (turn ??= new Promise((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve(MACROTASK);
    }),
  ));
}

/** Objects to list in postMessage's transferList for a body. */
export function transferablesOf(body: WireBody): Transferable[] {
  return body && typeof body !== "string" ? [body as unknown as Transferable] : [];
}

function continueAsStream(
  chunks: Uint8Array[],
  pending: Promise<ReadableStreamReadResult<Uint8Array>>,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onSettled: () => void,
): ReadableStream<Uint8Array> {
  let first: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = pending;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
    },
    async pull(controller) {
      const read = first ?? reader.read();
      first = undefined;
      try {
        const { done, value } = await read;
        if (!done) return controller.enqueue(toBytes(value));
        controller.close();
        onSettled();
      } catch (error) {
        onSettled();
        throw error;
      }
    },
    cancel(reason) {
      onSettled();
      return reader.cancel(reason);
    },
  });
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  throw new TypeError("This ReadableStream did not return bytes.");
}

/** A standalone ArrayBuffer (never a slice of a shared pool, which cannot be transferred). */
export function concatBytes(chunks: readonly Uint8Array[]): ArrayBuffer {
  let size = 0;
  for (const chunk of chunks) size += chunk.byteLength;
  const out = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}

/** What moves with an RPC operation or outcome: streams in its values, a request's or response's body, a 101's WebSocket port. */
export function rpcTransferables(value: RpcOperation | RpcOutcome): Transferable[] {
  if ("op" in value) {
    if (value.op === "call") return value.streams ?? [];
    return value.op === "fetch" ? transferablesOf(value.request.body) : [];
  }
  if ("value" in value) return value.streams ?? [];
  if (!("response" in value)) return [];
  const transfer = transferablesOf(value.response.body);
  if (value.response.webSocket) transfer.push(value.response.webSocket as unknown as Transferable);
  return transfer;
}
