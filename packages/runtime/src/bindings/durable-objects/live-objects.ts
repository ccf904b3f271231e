/**
 * The Durable Object instances that live in this generation's thread. The host's directory
 * decides where an id lives; this table creates instances on demand, evicts idle ones, and
 * releases them (telling the host) when the generation drains.
 *
 * An instance is evicted only when idle for `idleTimeout`: no event running or queued, nothing in
 * waitUntil, no open WebSocket, no pending timer or call (thread/io-owner.ts). A draining
 * generation lets an instance go once its events and waitUntil work are done, whatever it still
 * holds. A released instance is fenced: its timers are cleared, its sockets closed, and its
 * storage throws, so at most one instance per id ever runs user code.
 */
import { clearTimeout, setImmediate, setTimeout } from "node:timers";
import type {
  DurableObjectClass,
  HibernationChange,
  HibernationUpdate,
  ObjectAddress,
  RpcOperation,
  RpcOutcome,
} from "../../protocol/messages.js";
import { openDatabase } from "../../storage/database.js";
import { statePaths } from "../../storage/state-path.js";
import type { ObjectReceiver } from "../../rpc/endpoint.js";
import type { DurableObjectDescriptor } from "./descriptor.js";
import { DurableObjectId } from "./id.js";
import { DurableObjectInstance } from "./instance.js";
import { runObjectEvent } from "./object-event.js";
import { ObjectWebSockets } from "./object-web-sockets.js";
import type { DurableObjectFacets } from "./facets.js";

/** What this table tells the host (its Durable Object directory, alarm scheduler and socket keeper). */
export interface ObjectsHostLink {
  /** An instance was dropped; `delivered` counts the calls the host sent it, to spot a stale release. */
  released(key: string, delivered: number): void;
  alarmSet(address: ObjectAddress, time: number | null): void;
  hibernation(address: ObjectAddress, change: HibernationChange, transfer: Transferable[]): void;
}

export interface LiveObjectsOptions {
  /** The worker whose objects these are (their addresses name it). */
  worker: string;
  /** The classes the worker defines (its migrations), whoever binds them. */
  classes: readonly DurableObjectClass[];
  /** The class exported by the user's entry under this name. */
  getClass(className: string): unknown;
  env: Record<string, unknown>;
  /** `ctx.exports` of the objects (undefined when the compatibility date or flags disable it). */
  exports?: Record<string, unknown>;
  /** The worker's own state directory (`ownState`). */
  persist: string;
  host: ObjectsHostLink;
  track(promise: Promise<unknown>): void;
  execute(receiver: unknown, operation: RpcOperation): Promise<RpcOutcome>;
  fail(error: unknown): RpcOutcome;
  /** Instances idle this long are evicted (in-memory state dropped, storage kept). */
  idleTimeout: number;
  /** Pending timers and outbound calls keep an object alive (compatibility date 2026-10-01 on). */
  pendingIoKeepsAlive: boolean;
  /** deleteAll() deletes the alarm too (compatibility date 2026-02-24 on). */
  deleteAllDeletesAlarm: boolean;
  /** Called whenever an instance is released (a draining generation waits for none to be left). */
  onChange(): void;
  /** `ctx.facets` of an object. */
  facets?(address: ObjectAddress): DurableObjectFacets;
}

export class LiveObjects implements ObjectReceiver {
  #options: LiveObjectsOptions;
  #classes = new Map<string, DurableObjectClass>();
  #live = new Map<string, DurableObjectInstance>();
  #delivered = new Map<string, number>();
  /** Hibernatable sockets per object; they outlive instances (idle eviction). */
  #sockets = new Map<string, ObjectWebSockets>();
  /** One idle check pending per instance at most. */
  #evictions = new Map<DurableObjectInstance, NodeJS.Timeout>();
  #draining = false;

  constructor(options: LiveObjectsOptions) {
    this.#options = options;
    for (const definition of options.classes) this.#classes.set(definition.storageName, definition);
  }

  get size(): number {
    return this.#live.size;
  }

  isLive(address: ObjectAddress): boolean {
    const instance = this.#live.get(keyOf(address));
    return instance !== undefined && !instance.broken;
  }

  deliver(address: ObjectAddress, operation: RpcOperation, fromHost: boolean): Promise<RpcOutcome> {
    const key = keyOf(address);
    if (fromHost) this.#delivered.set(key, (this.#delivered.get(key) ?? 0) + 1);
    let instance = this.#live.get(key);
    if (!instance || instance.broken) {
      try {
        instance = this.#create(key, address);
      } catch (error) {
        this.#options.host.released(key, this.#delivered.get(key) ?? 0);
        return Promise.resolve(this.#options.fail(error));
      }
      this.#live.set(key, instance);
    }
    return instance.enqueue((object) =>
      runObjectEvent(object, operation, instance.storage, this.#options.execute, instance.sockets),
    );
  }

  /** The generation is retiring: release settled instances now, busy ones when their events are done. */
  drain(): void {
    this.#draining = true;
    for (const instance of this.#live.values()) if (instance.settled) this.#release(instance, codeUpdated());
  }

  #create(key: string, address: ObjectAddress): DurableObjectInstance {
    const worker = this.#options.worker;
    const definition = this.#classes.get(address.storageName);
    if (!definition) {
      throw new Error(
        `[kindling] Worker "${worker}" has no Durable Object class "${address.storageName}": no migration in its wrangler ` +
          `config creates it. Add one, e.g. "migrations": [{ "tag": "v1", "new_sqlite_classes": ["${address.storageName}"] }].`,
      );
    }
    const Class = this.#options.getClass(definition.className);
    if (typeof Class !== "function") {
      throw new Error(
        `[kindling] Worker "${worker}" does not export its Durable Object class "${definition.className}". Export it from ` +
          `the entry module: export class ${definition.className} extends DurableObject { ... }`,
      );
    }
    // `<ownState>/do/<class's storage name>/<id>.sqlite`
    const db = openDatabase(statePaths(this.#options.persist, `do/${definition.storageName}`, address.id).database);
    try {
      return new DurableObjectInstance({
        key,
        id: new DurableObjectId(address.id, address.name),
        Class: Class as never,
        env: this.#options.env,
        exports: this.#options.exports,
        ...(this.#options.facets ? { facets: this.#options.facets(address) } : {}),
        db,
        sqlite: definition.sqlite,
        sockets: this.#socketsOf(key, address),
        onAlarmChange: (time) => this.#options.host.alarmSet({ ...address, name: undefined }, time),
        track: this.#options.track,
        fail: this.#options.fail,
        pendingIoKeepsAlive: this.#options.pendingIoKeepsAlive,
        deleteAllDeletesAlarm: this.#options.deleteAllDeletesAlarm,
        onActivityEnd: (instance) => this.#onActivityEnd(instance),
        onReset: (instance) => this.#release(instance, undefined),
      });
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The host's news about an object's hibernatable sockets. */
  onHibernation(key: string, update: HibernationUpdate): void {
    const sockets = this.#sockets.get(key);
    if (update.type === "sync") {
      const [storageName, id] = [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)];
      this.#socketsOf(key, { kind: "object", worker: this.#options.worker, storageName, id }).load(update.state);
    } else sockets?.autoResponded(update.socket, update.time);
  }

  #socketsOf(key: string, address: ObjectAddress): ObjectWebSockets {
    let sockets = this.#sockets.get(key);
    if (!sockets) {
      const target: ObjectAddress = { kind: "object", worker: address.worker, storageName: address.storageName, id: address.id };
      const post = (change: HibernationChange, transfer: Transferable[] = []) =>
        this.#options.host.hibernation(target, change, transfer);
      this.#sockets.set(key, (sockets = new ObjectWebSockets(post)));
    }
    return sockets;
  }

  #onActivityEnd(instance: DurableObjectInstance): void {
    if (this.#draining) {
      // After the event's result is posted (microtasks): "drained" must never overtake it.
      setImmediate(() => instance.settled && this.#release(instance, codeUpdated()));
      return;
    }
    if (instance.idle) this.#scheduleEviction(instance, this.#options.idleTimeout);
  }

  #scheduleEviction(instance: DurableObjectInstance, delay: number): void {
    if (this.#evictions.has(instance)) return;
    const timer = setTimeout(() => {
      this.#evictions.delete(instance);
      if (this.#live.get(instance.key) !== instance || !instance.idle) return;
      const timeout = this.#options.idleTimeout;
      const left = timeout - (Date.now() - instance.lastActive);
      if (left > 0) return this.#scheduleEviction(instance, left);
      this.#release(instance, evicted(instance.key, timeout));
    }, delay);
    timer.unref();
    this.#evictions.set(instance, timer);
  }

  /** `reason` undefined: the instance was reset and carries its own. */
  #release(instance: DurableObjectInstance, reason: Error | undefined): void {
    if (this.#live.get(instance.key) !== instance) return;
    this.#live.delete(instance.key);
    clearTimeout(this.#evictions.get(instance));
    this.#evictions.delete(instance);
    if (reason) instance.release(reason);
    // Its storage is fenced already; closed on the next turn, out of whatever stack released it.
    setImmediate(() => instance.db.close());
    this.#options.host.released(instance.key, this.#delivered.get(instance.key) ?? 0);
    this.#options.onChange();
  }
}

/** workerd's error for what an object whose code was replaced still tries to do. */
function codeUpdated(): Error {
  return new Error("Durable Object reset because its code was updated.");
}

function evicted(key: string, timeout: number): Error {
  return new Error(
    `[kindling] Durable Object ${key} was evicted after ${timeout / 1000} s without events, so code it left running ` +
      `(a promise that nothing awaited) can no longer use its storage. Await that work in the event, or pass it to ` +
      `ctx.waitUntil(), so that the object stays in memory until it ends.`,
  );
}

export function keyOf(address: ObjectAddress): string {
  return `${address.storageName}/${address.id}`;
}

export function missingClassError(descriptor: DurableObjectDescriptor): Error {
  return new Error(
    `[kindling] The Durable Object binding "${descriptor.name}" uses class "${descriptor.className}", but the worker's entry ` +
      `does not export it. Export it from the entry module: export class ${descriptor.className} extends DurableObject { ... }`,
  );
}
