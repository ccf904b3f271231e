/**
 * One live Durable Object: the user's instance, its storage, and its event queue. Events (calls,
 * fetches, alarms) are delivered one per macrotask. Storage operations settle synchronously, so
 * an event that awaits only storage runs to its end before the next one starts (the input gate);
 * awaiting anything else (fetch, timers, RPC) lets the next event in, as in production.
 *
 * The constructor and every event run as the object's code (thread/io-owner.ts): the timers,
 * sockets and calls they start are the object's, keep it alive, and end with it.
 */
import type { Database } from "../../storage/database.js";
import type { RpcOutcome } from "../../protocol/messages.js";
import type { DurableObjectId } from "./id.js";
import { runAsOwner } from "../../shared/io-owner.js";
import { DurableObjectStorage } from "./storage.js";
import { DurableObjectState } from "./state.js";
import type { ObjectWebSockets } from "./object-web-sockets.js";
import { ObjectIo } from "./object-io.js";
import type { DurableObjectFacets } from "./facets.js";
import { setImmediate } from "node:timers";

export type ObjectEvent = (object: Record<string, unknown>) => Promise<RpcOutcome>;

export interface InstanceOptions {
  key: string;
  id: DurableObjectId;
  Class: new (ctx: DurableObjectState, env: Record<string, unknown>) => object;
  env: Record<string, unknown>;
  exports: Record<string, unknown> | undefined;
  facets?: DurableObjectFacets;
  db: Database;
  sqlite: boolean;
  /** The object's hibernatable WebSockets (they outlive this instance). */
  sockets: ObjectWebSockets;
  onAlarmChange(time: number | null): void;
  /** Generation-wide waitUntil tracking (a draining generation waits for it). */
  track(promise: Promise<unknown>): void;
  fail(error: unknown): RpcOutcome;
  /** Timers and outbound calls keep the object alive (compatibility date 2026-10-01 on). */
  pendingIoKeepsAlive: boolean;
  /** deleteAll() deletes the alarm too (compatibility date 2026-02-24 on). */
  deleteAllDeletesAlarm: boolean;
  /** Something the object was doing ended: it may be settled or idle now. */
  onActivityEnd(instance: DurableObjectInstance): void;
  /** blockConcurrencyWhile rejected or ctx.abort() was called: the instance is gone. */
  onReset(instance: DurableObjectInstance): void;
}

interface QueuedEvent {
  run: ObjectEvent;
  resolve(outcome: RpcOutcome): void;
}

export class DurableObjectInstance {
  readonly key: string;
  readonly object: Record<string, unknown>;
  readonly storage: DurableObjectStorage;
  readonly db: Database;
  readonly sockets: ObjectWebSockets;
  /** What the object started and has not finished (timers, sockets, calls). */
  readonly io: ObjectIo;
  lastActive = Date.now();
  #options: InstanceOptions;
  #queue: QueuedEvent[] = [];
  #running = new Set<QueuedEvent>();
  #background = 0;
  #blocked = 0;
  #pumpScheduled = false;
  #broken: Error | undefined;

  /** Runs the user's constructor; throws what it throws. */
  constructor(options: InstanceOptions) {
    this.#options = options;
    this.key = options.key;
    this.db = options.db;
    this.sockets = options.sockets;
    this.io = new ObjectIo({ pendingIoKeepsAlive: options.pendingIoKeepsAlive, onRelease: () => this.#activityEnded() });
    this.storage = new DurableObjectStorage(options.db, {
      sqlite: options.sqlite,
      onAlarmChange: options.onAlarmChange,
      hasAlarmHandler: () => typeof this.object?.alarm === "function",
      // Once released, code the instance left behind (a promise continuation) can never write again.
      released: () => this.io.reason,
      deleteAllDeletesAlarm: options.deleteAllDeletesAlarm,
    });
    const state = new DurableObjectState(options.id, this.storage, {
      waitUntil: (promise) => this.#waitUntil(promise),
      blockConcurrencyWhile: (callback) => this.#blockConcurrencyWhile(callback),
      abort: (reason) => {
        this.#reset(reason);
        throw reason;
      },
      sockets: options.sockets,
      exports: options.exports,
      ...(options.facets ? { facets: options.facets } : {}),
    });
    this.object = runAsOwner(this.io, () => new options.Class(state, options.env) as Record<string, unknown>);
  }

  /**
   * No event running or queued, nothing in waitUntil, no caller waiting on it (a streamed body): a
   * retiring generation may let it go, whatever timers or sockets it still holds.
   */
  get settled(): boolean {
    return (
      this.#running.size === 0 &&
      this.#queue.length === 0 &&
      this.#background === 0 &&
      this.#blocked === 0 &&
      this.io.inbound === 0
    );
  }

  /** Settled, and no open socket, pending timer or call keeps it: idle eviction may take it. */
  get idle(): boolean {
    return this.settled && this.io.holds === 0;
  }

  /** Released (evicted, reset or replaced): its storage is closed to it, its timers cleared, its sockets closed. */
  release(reason: Error): void {
    this.io.end(reason);
  }

  get broken(): boolean {
    return this.#broken !== undefined;
  }

  enqueue(run: ObjectEvent): Promise<RpcOutcome> {
    if (this.#broken) return Promise.resolve(this.#options.fail(this.#broken));
    this.lastActive = Date.now();
    return new Promise((resolve) => {
      this.#queue.push({ run, resolve });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#pumpScheduled || this.#queue.length === 0) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#broken || this.#blocked > 0) return;
    const event = this.#queue.shift();
    if (!event) return;
    this.#running.add(event);
    const finish = (outcome: RpcOutcome) => {
      if (!this.#running.delete(event)) return; // already failed by a reset
      this.lastActive = Date.now();
      event.resolve(outcome);
      this.#checkIdle();
    };
    let started: Promise<RpcOutcome>;
    try {
      started = runAsOwner(this.io, () => event.run(this.object));
    } catch (error) {
      started = Promise.resolve(this.#options.fail(error));
    }
    started.then(finish, (error) => finish(this.#options.fail(error)));
    this.#schedule();
  }

  #blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T> {
    this.#blocked++;
    const result = (async () => callback())();
    return result.then(
      (value) => {
        this.#blocked--;
        this.#schedule();
        this.#checkIdle();
        return value;
      },
      (error: unknown) => {
        this.#blocked--;
        this.#reset(error instanceof Error ? error : new Error(String(error)));
        throw error;
      },
    );
  }

  #waitUntil(promise: Promise<unknown>): void {
    this.#background++;
    const done = promise.finally(() => {
      this.#background--;
      this.#checkIdle();
    });
    this.#options.track(done);
  }

  #reset(error: Error): void {
    if (this.#broken) return;
    this.#broken = error;
    this.release(error);
    const failure = this.#options.fail(error);
    for (const event of [...this.#running, ...this.#queue]) event.resolve(failure);
    this.#running.clear();
    this.#queue = [];
    this.#options.onReset(this);
  }

  #activityEnded(): void {
    this.lastActive = Date.now();
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (!this.#broken && this.io.live && this.settled) this.#options.onActivityEnd(this);
  }
}
