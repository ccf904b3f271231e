/**
 * What a generation passed out by reference (functions, RpcTargets), by export id, with how many
 * stubs hold each: `dup()` adds a holder, disposing a stub (or the end of the call that carried it
 * as an argument) removes one. When the last goes, the target's `[Symbol.dispose]` runs, as in
 * workerd: later, not awaited by the client, its exceptions reported as uncaught.
 */
import { runAsOwner, runUnowned, type IoOwner } from "../shared/io-owner.js";
import { setImmediate } from "node:timers";

export interface Exported {
  value: object;
  /** The Durable Object whose code exported it (calls on it run as that object's code). */
  owner: IoOwner | undefined;
  holders: number;
}

export class Exports {
  #byId = new Map<number, Exported>();
  #next = 1;

  add(value: object, owner: IoOwner | undefined): number {
    const id = this.#next++;
    this.#byId.set(id, { value, owner, holders: 1 });
    return id;
  }

  get(id: number): Exported | undefined {
    return this.#byId.get(id);
  }

  dup(id: number): void {
    const exported = this.#byId.get(id);
    if (exported) exported.holders++;
  }

  release(id: number): void {
    const exported = this.#byId.get(id);
    if (!exported || --exported.holders > 0) return;
    this.#byId.delete(id);
    const disposer = (exported.value as { [Symbol.dispose]?: unknown })[Symbol.dispose];
    if (typeof disposer !== "function") return;
    const { owner, value } = exported;
    if (owner && !owner.live) return;
    setImmediate(() => {
      const run = () => (disposer as () => void).call(value);
      if (owner) runAsOwner(owner, run);
      else runUnowned(run);
    });
  }
}
