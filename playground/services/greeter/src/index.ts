/**
 * The greeter service: RPC methods on its default entrypoint, and a fetch handler that streams a
 * countdown, one line at a time. Edit the greeting and save: only this worker gets a new generation.
 */
import { WorkerEntrypoint } from "cloudflare:workers";

const greeting = "Hello";
const generation = (globalThis as Record<symbol, unknown>)[Symbol.for("kindling.generation")] as number | undefined;

export default class Greeter extends WorkerEntrypoint {
  greet(name: string): { text: string; generation: number | null } {
    return { text: `${greeting}, ${name}!`, generation: generation ?? null };
  }

  /** RPC with a stream both ways: reads the caller's stream as it comes and streams it back upper-cased. */
  shout(input: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    return input.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) =>
          controller.enqueue(encoder.encode(decoder.decode(chunk, { stream: true }).toUpperCase())),
      }),
    );
  }

  override async fetch(request: Request): Promise<Response> {
    const from = Number(new URL(request.url).searchParams.get("from") ?? 5);
    const encoder = new TextEncoder();
    let n = from;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (n < 0) return controller.close();
        controller.enqueue(encoder.encode(n === 0 ? "liftoff\n" : `${n}…\n`));
        n--;
        await scheduler.wait(400);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/plain; charset=utf-8", "x-greeter-generation": String(generation) },
    });
  }
}
