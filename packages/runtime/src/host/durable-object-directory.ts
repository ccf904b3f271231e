/**
 * Where each Durable Object lives: at most one instance per id across all generations. An id is
 * placed in the current generation on first use and stays there until that generation releases
 * it (idle eviction, reset, or drain after an edit). Calls for an id whose instance lives in a
 * retiring generation wait for that release, then go to the current generation, which
 * constructs the object anew on the same storage.
 */

import type { HibernationUpdate, RpcAddress, RpcOperation, RpcOutcome } from "../protocol/messages.js";

/** The host's handle on a generation, as the directory, the router and the socket keeper see it. */
export interface GenerationLink {
  readonly id: number;
  /** Delivers an RPC call to this generation (its Durable Objects, its exports); rejects if its thread is gone. */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** Tells this generation about an object's hibernatable sockets. */
  hibernation(key: string, update: HibernationUpdate): void;
}

export interface DirectoryOptions {
  /**
   * The generation new objects go to; undefined when it failed. For the host's own calls (alarms,
   * socket events) it waits for a build in progress, so that they run the newest code. For a call
   * from a generation (`from`) it need not: the caller's code is no newer than the newest built
   * generation, and a request whose calls waited for every rebuild under a stream of edits would
   * outlive its generation's drain.
   */
  current(from?: GenerationLink): Promise<GenerationLink | undefined>;
  isCurrent(link: GenerationLink): boolean;
}

export class DurableObjectDirectory {
  #options: DirectoryOptions;
  #placed = new Map<string, GenerationLink>();
  /** Calls the host forwarded per generation and object, to tell a stale release from a real one. */
  #forwarded = new Map<GenerationLink, Map<string, number>>();
  #waiting = new Map<string, Array<() => void>>();

  constructor(options: DirectoryOptions) {
    this.#options = options;
  }

  /** The generation that must receive the next call for `key` (from the generation `from`, or the host). */
  async route(key: string, from?: GenerationLink): Promise<GenerationLink | undefined> {
    for (;;) {
      const placed = this.#placed.get(key);
      if (placed && this.#options.isCurrent(placed)) return placed;
      if (placed) {
        await new Promise<void>((resolve) => this.#waiting.set(key, [...(this.#waiting.get(key) ?? []), resolve]));
        continue;
      }
      const current = await this.#options.current(from);
      if (!current) return undefined;
      if (this.#placed.has(key)) continue; // placed meanwhile
      this.#placed.set(key, current);
      return current;
    }
  }

  /** Call this right before posting a call for `key` to `link`. */
  forwarded(link: GenerationLink, key: string): void {
    let counts = this.#forwarded.get(link);
    if (!counts) this.#forwarded.set(link, (counts = new Map()));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  /** The generation dropped its instance; ignored if calls are still on their way to it. */
  released(link: GenerationLink, key: string, delivered: number): void {
    if (this.#placed.get(key) !== link) return;
    if ((this.#forwarded.get(link)?.get(key) ?? 0) !== delivered) return;
    this.#unplace(key);
  }

  /** A generation ended: its objects are gone. */
  generationGone(link: GenerationLink): void {
    for (const [key, placed] of this.#placed) if (placed === link) this.#unplace(key);
    this.#forwarded.delete(link);
  }

  /** Where `key` lives now, if anywhere (for tests and diagnostics). */
  placement(key: string): number | undefined {
    return this.#placed.get(key)?.id;
  }

  #unplace(key: string): void {
    this.#placed.delete(key);
    const waiting = this.#waiting.get(key) ?? [];
    this.#waiting.delete(key);
    for (const wake of waiting) wake();
  }
}
