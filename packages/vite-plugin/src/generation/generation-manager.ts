/**
 * Owns a worker's generations: the current one, a warm standby thread, and those retiring.
 * A change marks the current generation stale at once, so requests that arrive after it wait for
 * a generation built after it (see PendingChanges); changes that arrive during a build are
 * coalesced into one more build. A generation that ends before its time is replaced on the next
 * request.
 */
import os from "node:os";
import type {
  ChunkCodeCache,
  GenerationConfig,
  LogLevel,
  TriggerEvent,
  TriggerResult,
  WireRequest,
} from "@kindling/runtime/protocol";
import {
  Generation,
  type FetchOutcome,
  type OnDisconnect,
  type GenerationHooks,
  type GenerationLimits,
  type GenerationServices,
} from "./generation.js";
import { bootThread, type BootedThread, type ThreadOptions } from "./worker-thread.js";
import { PendingChanges } from "./pending-changes.js";
import { MemoryMonitor } from "./memory-monitor.js";

export interface GenerationManagerOptions {
  limits: GenerationLimits;
  /** The config of the next generation; throwing keeps the current generation serving. */
  nextConfig(): Omit<GenerationConfig, "generation">;
  invoke: GenerationHooks["invoke"];
  modules?: GenerationHooks["modules"];
  /** V8's code caches a generation took of its chunks after its first request. */
  codeCaches?(caches: ChunkCodeCache[]): void;
  hot?: GenerationHooks["hot"];
  /** Text a generation's thread wrote (console, stdout, stderr). */
  log?(level: LogLevel, text: string): void;
  onSwap(generation: Generation): void;
  onConfigError(error: unknown): void;
  /** A thread could not boot (no generation was made). */
  onBootError?(error: unknown): void;
  onBackgroundError: GenerationHooks["onBackgroundError"];
  onAborted(error: Error): void;
  /** The host services generations call (RPC routing, Durable Objects, alarms, hibernatable sockets). */
  services?(): GenerationServices | undefined;
  /** Sees every fetch and trace batch of every generation (the explorer). */
  observer?: GenerationHooks["observer"];
  /** Boots threads (default: bootThread); tests pass a wrapper to reach the standby's Worker. */
  bootThread?: typeof bootThread;
  /** When the next standby boots (default: by the machine's cores, see StandbyBoot). */
  standbyBoot?: StandbyBoot;
}

/**
 * When the standby for the next reload boots. "alongside": as a generation starts, so that it
 * boots while the generation imports; that needs a core of its own. "after-first-answer": once the
 * generation has answered its first request (or after `standbyBootFallbackMs` without one), so
 * that on a machine with few cores the boot (~150 ms of CPU) does not slow the import and the
 * first response, the reload's critical path; but alongside again for a save that came sooner
 * after the last answer than a standby takes to boot and compile its prefetched batch (saves in
 * quick succession: a standby booted after the answer would not be ready for the next one).
 */
export type StandbyBoot = "alongside" | "after-first-answer";
/** Cores below which a standby's boot waits for the first answer: Vite's thread, the generation's, the standby's and the browser. */
const coresForAlongside = 4;
/** How long after a generation is swapped in its standby boots anyway when no request came. */
const standbyBootFallbackMs = 250;

type Failed = { type: "failed"; error: Error };
/** The warm standby thread: none, booting, waiting (booted), or waiting with the next batch compiled ahead (prefetched). */
export type StandbyState = "none" | "booting" | "waiting" | "prefetched";
/** Generations kept for the explorer after they ended. */
const historyLength = 20;
const notStarted = () => new Error("[kindling] The worker could not be started; see the error above.");

export class GenerationManager {
  #options: GenerationManagerOptions;
  #current: Generation | undefined;
  #standby: Promise<BootedThread> | undefined;
  #changes = new PendingChanges();
  #building: Promise<void> | undefined;
  #retiring = new Set<Generation>();
  #count = 0;
  #closed = false;
  #memory: MemoryMonitor | undefined;
  #threadOptions: ThreadOptions;
  /** Why the next build happens (changed files, ...), collected until it reads the code. */
  #causes = new Set<string>();
  #history: Generation[] = [];
  /** The id of the current generation once its code caches are in: the batch a standby prefetches is then complete. */
  #warm: number | undefined;
  #standbyState: StandbyState = "none";
  #standbyBoot: StandbyBoot;
  /** When the current generation answered its first request, or the fallback delay passed without one; unset before. */
  #answeredAt: number | undefined;
  /** How long the last standby took to boot, and to compile its prefetched batch. */
  #lastBootMs = 0;
  #lastPrefetchMs = 0;

  constructor(options: GenerationManagerOptions) {
    this.#options = options;
    this.#standbyBoot =
      options.standbyBoot ?? (os.availableParallelism() >= coresForAlongside ? "alongside" : "after-first-answer");
    if (options.observer) this.#hooks.observer = options.observer;
    const limit = options.limits.memoryLimit;
    this.#memory = MemoryMonitor.shared();
    // V8's heap limit is the backstop, with room above the measured limit: reaching it with one
    // large allocation would abort Vite's whole process (see MemoryMonitor).
    this.#threadOptions = { resourceLimits: { maxOldGenerationSizeMb: this.#memory ? limit + Math.max(limit, 1024) : limit } };
  }

  get current(): Generation | undefined {
    return this.#current;
  }

  /** Where the next generation's thread is (the explorer shows it: a reload from a prefetched standby is the fast one). */
  get standby(): StandbyState {
    return this.#standbyState;
  }

  /** Whether a change is waiting to be built into a new generation. */
  get changesPending(): boolean {
    return this.#changes.pending;
  }

  /** Live threads: current, retiring, and the standby. */
  get threadCount(): number {
    return (this.#current && this.#current.state !== "dead" ? 1 : 0) + this.#retiring.size + (this.#standby ? 1 : 0);
  }

  /** The latest generations, newest first: current, retiring, and some that ended. */
  get generations(): readonly Generation[] {
    return this.#history;
  }

  /** Marks the code stale and builds a new generation; requests arriving from now on wait for it. `cause` says why. */
  invalidate(cause?: string, options: { supersedesBuild?: boolean } = {}): void {
    if (this.#closed) return;
    if (cause !== undefined) this.#causes.add(cause);
    // With supersedesBuild, requests already waiting for the build in progress wait for the next.
    if (options.supersedesBuild) this.#changes.observeSuperseding();
    else this.#changes.observe();
    // A change during a build means one more build right behind it: its thread boots from now on.
    if (this.#building) this.#refillStandby();
    this.#building ??= this.#buildLoop();
  }

  /** The generation that serves a request arriving now (waits only for the builds it must see). */
  async ready(): Promise<Generation | undefined> {
    const current = this.#current;
    // None yet, or one whose thread ended (its replacement was asked for when it ended; this is a safety net).
    if (!this.#changes.pending && (!current || (current.state === "dead" && !current.error))) {
      this.invalidate(current ? `generation ${current.id} ended` : "first request");
    }
    await this.#changes.settled();
    return this.#current;
  }

  async fetch(request: WireRequest, onDisconnect?: OnDisconnect): Promise<FetchOutcome | Failed> {
    const generation = this.#servable() ?? (await this.ready());
    if (!generation) return { type: "failed", error: notStarted() };
    if (generation.error) return { type: "failed", error: generation.error };
    return generation.fetch(request, onDisconnect);
  }

  /** Runs a scheduled or email event in the generation that would serve a request arriving now. */
  async trigger(event: TriggerEvent): Promise<TriggerResult | { outcome: "failed"; error: Error }> {
    const generation = await this.ready();
    if (!generation) return { outcome: "failed", error: notStarted() };
    if (generation.error) return { outcome: "failed", error: generation.error };
    return generation.trigger(event);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#building;
    this.#changes.releaseAll();
    const standby = this.#standby;
    this.#standby = undefined;
    this.#standbyState = "none";
    await Promise.all([
      this.#current?.terminate(),
      ...[...this.#retiring].map((g) => g.terminate()),
      standby?.then((t) => t.worker.terminate()).catch(() => {}),
    ]);
  }

  /** The current generation when a request arriving now may use it without waiting. */
  #servable(): Generation | undefined {
    const current = this.#current;
    if (!current || this.#changes.pending) return undefined;
    return current.state !== "dead" || current.error ? current : undefined;
  }

  /** Builds until every observed change is covered; each build covers the changes seen when it read the code. */
  async #buildLoop(): Promise<void> {
    try {
      while (this.#changes.pending && !this.#closed) {
        let mark: number;
        try {
          mark = await this.#build();
        } catch (error) {
          // Our bug, but requests waiting for this build must not wait forever.
          mark = this.#changes.startBuild();
          (this.#options.onBootError ?? this.#options.onConfigError)(error);
        }
        this.#changes.built(mark);
      }
    } finally {
      // Synchronously after the last check: an invalidate() from now on starts a new loop.
      this.#building = undefined;
    }
  }

  /**
   * One build; returns the mark of the changes it covers. The mark is taken once the thread is
   * ready, right before the config and the code are read: changes observed while a thread boots
   * (the slow part under load) are covered by this build rather than queued behind it.
   */
  async #build(): Promise<number> {
    const bootAlongside = this.#bootsAlongside();
    let thread: BootedThread;
    try {
      thread = await this.#takeStandby();
    } catch (error) {
      (this.#options.onBootError ?? this.#options.onConfigError)(error);
      return this.#changes.startBuild();
    }
    if (this.#closed) {
      void thread.worker.terminate();
      return this.#changes.startBuild();
    }
    let config: Omit<GenerationConfig, "generation">;
    try {
      config = this.#options.nextConfig();
    } catch (error) {
      this.#options.onConfigError(error);
      this.#keepStandby(thread);
      return this.#changes.startBuild();
    }
    const mark = this.#changes.startBuild();
    const { limits } = this.#options;
    const generation = new Generation(thread, { ...config, generation: ++this.#count }, this.#hooks, limits, this.#memory);
    generation.causes = [...this.#causes];
    this.#causes.clear();
    this.#history = [generation, ...this.#history].slice(0, historyLength);
    // Booted while this one imports (the host is mostly idle meanwhile: the modules go in one batch),
    // so that the next save, even a quick one, finds a standby ready; with few cores, once it answered.
    if (bootAlongside) this.#refillStandby();
    await generation.start();
    const previous = this.#current;
    this.#current = generation;
    this.#answeredAt = undefined;
    if (previous) this.#retire(previous);
    this.#options.onSwap(generation);
    if (!bootAlongside) {
      setTimeout(() => {
        if (generation === this.#current && !this.#changes.pending) this.#refillAfterAnswer();
      }, standbyBootFallbackMs).unref();
    }
    return mark;
  }

  /** Whether the standby of the build starting now boots alongside its import (see StandbyBoot). */
  #bootsAlongside(): boolean {
    if (this.#standbyBoot === "alongside") return true;
    // The first build, or a change before the current generation answered anything.
    if (!this.#current) return false;
    if (this.#answeredAt === undefined) return true;
    return performance.now() - this.#answeredAt < this.#lastBootMs + this.#lastPrefetchMs;
  }

  #refillAfterAnswer(): void {
    this.#answeredAt ??= performance.now();
    this.#refillStandby();
  }

  #hooks: GenerationHooks = {
    invoke: (environment, payload) => this.#options.invoke(environment, payload),
    modules: () => this.#options.modules?.() ?? Promise.resolve({}),
    // Sent after a generation's first answer (with or without caches).
    codeCaches: (generation, caches) => {
      this.#options.codeCaches?.(caches);
      if (generation !== this.#current) return;
      this.#warm = generation.id;
      this.#prefetch();
      // Once the answer is on its way out: this hook runs before the reply that came with it is handled.
      if (this.#standbyBoot === "after-first-answer") {
        setImmediate(() => generation === this.#current && this.#refillAfterAnswer());
      }
    },
    hot: {
      connect: (generation, environment) => this.#options.hot?.connect(generation, environment),
      message: (generation, environment, payload) => this.#options.hot?.message(generation, environment, payload),
      disconnect: (generation) => this.#options.hot?.disconnect(generation),
    },
    log: (_generation, level, text) => this.#options.log?.(level, text),
    onBackgroundError: (generation, source, error) => this.#options.onBackgroundError(generation, source, error),
    services: () => this.#options.services?.(),
    onAborted: (generation, error) => {
      this.#options.onAborted(error);
      // The same code again, in a fresh thread: requests arriving from now on wait for it.
      if (generation === this.#current) this.invalidate(`generation ${generation.id} was aborted`);
    },
  };

  #retire(generation: Generation): void {
    this.#retiring.add(generation);
    void generation.retire().finally(() => this.#retiring.delete(generation));
  }

  /** The warm standby, unless its thread ended while it waited (then a fresh one). */
  async #takeStandby(): Promise<BootedThread> {
    const pending = this.#standby;
    this.#standby = undefined;
    this.#standbyState = "none";
    const standby = await pending?.catch(() => undefined);
    return standby && !standby.dead ? standby : this.#boot();
  }

  /** A thread taken for a build that did not happen goes back to waiting, unless one waits already. */
  #keepStandby(thread: BootedThread): void {
    if (this.#standby || this.#closed || thread.dead) return void thread.worker.terminate();
    this.#standby = Promise.resolve(thread);
    this.#standbyState = thread.prefetched ? "prefetched" : "waiting";
  }

  #refillStandby(): void {
    if (this.#standby || this.#closed) return;
    const standby = this.#boot();
    standby.then(
      () => {
        if (this.#standby !== standby) return;
        this.#standbyState = "waiting";
        this.#prefetch();
      },
      () => {
        if (this.#standby !== standby) return;
        this.#standby = undefined;
        this.#standbyState = "none";
      },
    );
    this.#standby = standby;
    this.#standbyState = "booting";
  }

  /**
   * Sends the booted standby the batch the next generation would get now, once the current one
   * has its code caches in: the standby compiles it while it waits, and the start after the next
   * change sends only what changed (issue 14: the reload's compile moves before the save).
   */
  #prefetch(): void {
    const standby = this.#standby;
    if (!standby || !this.#current || this.#warm !== this.#current.id || this.#closed) return;
    void standby
      .then(async (thread) => {
        if (thread.prefetched || thread.dead) return;
        const batch = await this.#hooks.modules!();
        // Taken for a build meanwhile (its start sends the whole batch), or prefetched by another call.
        if (this.#standby !== standby || thread.prefetched || thread.dead) return;
        thread.prefetched = batch;
        const sent = performance.now();
        // Answered once the thread has compiled it: how long a standby takes to be ready after its boot.
        thread.channel.call("prefetch", batch).then(
          () => (this.#lastPrefetchMs = performance.now() - sent),
          () => {},
        );
        this.#standbyState = "prefetched";
      })
      // A batch that cannot be made now fails the start's own batch, which reports it.
      .catch(() => {});
  }

  #boot(): Promise<BootedThread> {
    const log = this.#options.log;
    const begun = performance.now();
    const booting = (this.#options.bootThread ?? bootThread)({ ...this.#threadOptions, ...(log ? { log } : {}) });
    void booting.then(
      () => (this.#lastBootMs = performance.now() - begun),
      () => {},
    );
    return booting;
  }
}
