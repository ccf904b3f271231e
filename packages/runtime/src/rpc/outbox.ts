/**
 * The order in which a generation's RPC messages leave. An RPC call waits for the microtasks queued
 * with it (so calls pipelined on its result join its message, outgoing-call.ts); anything sent
 * after it (another call, a fetch through the same stub, a dispose) leaves after it, as workerd
 * delivers calls in the order they were made. Each send runs in the async context it was made in
 * (the Durable Object that owns it, the request trace it belongs to).
 */
import { AsyncResource } from "node:async_hooks";

interface Entry {
  ready: boolean;
  run(): void;
}

export class Outbox {
  #queue: Entry[] = [];

  /** Sends now, or right after the calls queued before it. */
  send<T>(send: () => Promise<T>): Promise<T> {
    if (this.#queue.length === 0) return send();
    const { promise } = this.#enqueue(send, true);
    return promise;
  }

  /** Sends once the microtasks queued by the code running now have run (two turns of the microtask queue). */
  defer<T>(send: () => Promise<T>): Promise<T> {
    const { entry, promise } = this.#enqueue(send, false);
    queueMicrotask(() =>
      queueMicrotask(() => {
        entry.ready = true;
        this.#drain();
      }),
    );
    return promise;
  }

  #enqueue<T>(send: () => Promise<T>, ready: boolean): { entry: Entry; promise: Promise<T> } {
    let entry!: Entry;
    const promise = new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          send().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      };
      entry = { ready, run: AsyncResource.bind(run) };
    });
    this.#queue.push(entry);
    return { entry, promise };
  }

  #drain(): void {
    while (this.#queue[0]?.ready) this.#queue.shift()!.run();
  }
}
