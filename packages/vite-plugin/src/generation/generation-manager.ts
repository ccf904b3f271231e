/**
 * Owns a worker's generations: the current one, a warm standby thread, and those retiring.
 * A change marks the current generation stale at once, so requests that arrive after it wait
 * for the new generation; changes that arrive during a build are coalesced into one more build.
 */
import type { GenerationConfig, TriggerEvent, TriggerResult, WireRequest } from "@kindling/runtime/protocol";
import { Generation, type FetchOutcome, type OnDisconnect, type GenerationHooks, type GenerationLimits } from "./generation.js";
import { bootThread, type BootedThread } from "./worker-thread.js";

export interface GenerationManagerOptions {
  limits: GenerationLimits;
  /** The config of the next generation; throwing keeps the current generation serving. */
  nextConfig(): Omit<GenerationConfig, "generation">;
  invoke: GenerationHooks["invoke"];
  onSwap(generation: Generation): void;
  onConfigError(error: unknown): void;
  onBackgroundError: GenerationHooks["onBackgroundError"];
  onAborted(error: Error): void;
  onRpcMessage?: GenerationHooks["onRpcMessage"];
  onDead?: GenerationHooks["onDead"];
}

export class GenerationManager {
  #options: GenerationManagerOptions;
  #current: Generation | undefined;
  #standby: Promise<BootedThread> | undefined;
  #building: Promise<void> | undefined;
  #dirty = false;
  #retiring = new Set<Generation>();
  #count = 0;
  #closed = false;

  constructor(options: GenerationManagerOptions) {
    this.#options = options;
  }

  get current(): Generation | undefined {
    return this.#current;
  }

  /** Live threads: current, retiring, and the standby. */
  get threadCount(): number {
    return (this.#current && this.#current.state !== "dead" ? 1 : 0) + this.#retiring.size + (this.#standby ? 1 : 0);
  }

  /** Marks the code stale and builds a new generation; requests wait for it. */
  invalidate(): void {
    if (this.#closed) return;
    if (this.#building) {
      this.#dirty = true;
      return;
    }
    this.#building = this.#buildLoop().finally(() => (this.#building = undefined));
  }

  /** The generation that serves a request arriving now (waits for a pending build). */
  async ready(): Promise<Generation | undefined> {
    if (!this.#current && !this.#building) this.invalidate();
    while (this.#building) await this.#building;
    return this.#current;
  }

  async fetch(request: WireRequest, onDisconnect?: OnDisconnect): Promise<FetchOutcome | { type: "failed"; error: Error }> {
    // The common case, no build pending, skips ready()'s extra awaits.
    const generation = this.#building || !this.#current ? await this.ready() : this.#current;
    if (!generation)
      return { type: "failed", error: new Error("[kindling] The worker could not be started; see the error above.") };
    if (generation.error) return { type: "failed", error: generation.error };
    return generation.fetch(request, onDisconnect);
  }

  /** Runs a scheduled or email event in the generation that would serve a request arriving now. */
  async trigger(event: TriggerEvent): Promise<TriggerResult | { outcome: "failed"; error: Error }> {
    const generation = await this.ready();
    if (!generation)
      return { outcome: "failed", error: new Error("[kindling] The worker could not be started; see the error above.") };
    if (generation.error) return { outcome: "failed", error: generation.error };
    return generation.trigger(event);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#building?.catch(() => {});
    const standby = this.#standby;
    this.#standby = undefined;
    await Promise.all([
      this.#current?.terminate(),
      ...[...this.#retiring].map((g) => g.terminate()),
      standby?.then((t) => t.worker.terminate()).catch(() => {}),
    ]);
  }

  async #buildLoop(): Promise<void> {
    do {
      this.#dirty = false;
      await this.#build();
    } while (this.#dirty && !this.#closed);
  }

  async #build(): Promise<void> {
    let config: Omit<GenerationConfig, "generation">;
    try {
      config = this.#options.nextConfig();
    } catch (error) {
      this.#options.onConfigError(error);
      return;
    }
    const thread = await this.#takeStandby();
    if (this.#closed) return void thread.worker.terminate();
    const generation = new Generation(thread, { ...config, generation: ++this.#count }, this.#hooks, this.#options.limits);
    await generation.start();
    const previous = this.#current;
    this.#current = generation;
    if (previous) this.#retire(previous);
    this.#refillStandby();
    this.#options.onSwap(generation);
  }

  #hooks: GenerationHooks = {
    invoke: (payload) => this.#options.invoke(payload),
    onBackgroundError: (generation, source, error) => this.#options.onBackgroundError(generation, source, error),
    onRpcMessage: (generation, message) => this.#options.onRpcMessage?.(generation, message),
    onDead: (generation, reason) => this.#options.onDead?.(generation, reason),
    onAborted: (generation, error) => {
      this.#options.onAborted(error);
      if (generation === this.#current) this.invalidate();
    },
  };

  #retire(generation: Generation): void {
    this.#retiring.add(generation);
    void generation.retire().finally(() => this.#retiring.delete(generation));
  }

  #takeStandby(): Promise<BootedThread> {
    const standby = this.#standby ?? bootThread();
    this.#standby = undefined;
    return standby;
  }

  #refillStandby(): void {
    if (this.#standby || this.#closed) return;
    const standby = bootThread();
    standby.catch(() => {
      if (this.#standby === standby) this.#standby = undefined;
    });
    this.#standby = standby;
  }
}
