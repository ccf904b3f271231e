/**
 * The facets a loaded worker runs for Durable Objects of its parent (`ctx.facets.get()`, see
 * bindings/durable-objects/facets.ts): one instance per facet database, created on the first call,
 * with the same event queue and storage as any Durable Object. They live as long as this isolate.
 */
import type { ObjectAddress, RpcOperation, RpcOutcome } from "../../protocol/messages.js";
import type { ObjectReceiver } from "../../rpc/endpoint.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { openDatabase } from "../../storage/database.js";
import { DurableObjectId } from "../../bindings/durable-objects/id.js";
import { DurableObjectInstance } from "../../bindings/durable-objects/instance.js";
import { runObjectEvent } from "../../bindings/durable-objects/object-event.js";
import { ObjectWebSockets } from "../../bindings/durable-objects/object-web-sockets.js";

export interface FacetObjectsOptions {
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  execute(receiver: unknown, operation: RpcOperation): Promise<RpcOutcome>;
  fail(error: unknown): RpcOutcome;
  track(promise: Promise<unknown>): void;
}

export class FacetObjects implements ObjectReceiver {
  #options: FacetObjectsOptions;
  #live = new Map<string, DurableObjectInstance>();

  constructor(options: FacetObjectsOptions) {
    this.#options = options;
  }

  isLive(address: ObjectAddress): boolean {
    const instance = address.database === undefined ? undefined : this.#live.get(address.database);
    return instance !== undefined && !instance.broken;
  }

  deliver(address: ObjectAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const key = address.database;
    if (key === undefined) {
      return Promise.resolve(this.#options.fail(new Error("[kindling] A loaded worker runs Durable Objects only as facets.")));
    }
    let instance = this.#live.get(key);
    if (!instance || instance.broken) {
      try {
        instance = this.#create(key, address);
      } catch (error) {
        return Promise.resolve(this.#options.fail(error));
      }
      this.#live.set(key, instance);
    }
    const running = instance;
    return running.enqueue((object) =>
      runObjectEvent(object, operation, running.storage, this.#options.execute, running.sockets),
    );
  }

  #create(key: string, address: ObjectAddress): DurableObjectInstance {
    const Class = this.#options.namespace[address.storageName];
    if (typeof Class !== "function") {
      throw new Error(
        `[kindling] The loaded worker does not export a class "${address.storageName}" for the facet "${address.name}". ` +
          `Export it from the loaded code's main module: export class ${address.storageName} extends DurableObject { ... }`,
      );
    }
    const db = openDatabase(key);
    try {
      return new DurableObjectInstance({
        key,
        id: new DurableObjectId(address.id, address.name),
        Class: Class as never,
        env: this.#options.env,
        exports: undefined,
        db,
        sqlite: true,
        sockets: new ObjectWebSockets(() => notImplemented("ctx.acceptWebSocket in a facet")),
        onAlarmChange: () => notImplemented("DurableObjectStorage.setAlarm in a facet"),
        track: this.#options.track,
        fail: this.#options.fail,
        pendingIoKeepsAlive: true,
        // A facet has no alarm (setAlarm is not implemented there): nothing for deleteAll to delete.
        deleteAllDeletesAlarm: true,
        onActivityEnd: () => {},
        onReset: (instance) => {
          if (this.#live.get(key) === instance) this.#live.delete(key);
          setImmediate(() => instance.db.close());
        },
      });
    } catch (error) {
      db.close();
      throw error;
    }
  }
}
